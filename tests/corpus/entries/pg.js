// corpus entry: pg@8.13.1
const { Client, types } = require('pg');
console.log(typeof Client, typeof types.getTypeParser(20));
