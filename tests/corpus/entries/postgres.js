// corpus entry: postgres (porsager; no connection)
const postgres = require('postgres');
const sql = postgres({ host: '127.0.0.1', port: 1, max: 1, connect_timeout: 1 });
console.log(typeof sql, typeof sql.begin, typeof sql.json);
sql.end({ timeout: 0 });
