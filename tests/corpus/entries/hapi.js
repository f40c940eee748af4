// corpus entry: @hapi/hapi@21.3.12
const Hapi = require('@hapi/hapi');
const server = Hapi.server();
server.route({ method: 'GET', path: '/', handler: () => 'ok' });
server.inject('/').then((r) => console.log(r.statusCode, r.payload));
