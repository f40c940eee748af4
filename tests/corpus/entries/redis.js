// corpus entry: redis@4.7.0
const { createClient } = require('redis');
console.log(typeof createClient({ url: 'redis://127.0.0.1:1' }).connect);
