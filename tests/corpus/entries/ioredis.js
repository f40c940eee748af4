// corpus entry: ioredis@5.4.2
const Redis = require('ioredis');
const r = new Redis({ lazyConnect: true });
console.log(r.status); r.disconnect();
