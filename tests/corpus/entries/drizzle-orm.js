// corpus entry: drizzle-orm@0.38.3
const { eq, sql } = require('drizzle-orm');
console.log(typeof eq, typeof sql);
