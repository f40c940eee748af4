// corpus entry: fastify@5.2.1
const fastify = require('fastify')();
fastify.get('/', async () => ({ ok: true }));
fastify.inject({ url: '/' }).then((r) => { console.log(r.statusCode, r.body); return fastify.close(); });
