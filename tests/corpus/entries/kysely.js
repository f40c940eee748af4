// corpus entry: kysely@0.27.5
const { sql } = require('kysely');
console.log(typeof sql, typeof sql.raw);
