// corpus entry: next@16.4.6
const NextServer = require('next/dist/server/next-server.js');
console.log(typeof NextServer.default);
