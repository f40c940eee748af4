// corpus entry: mysql2@3.12.0
const mysql = require('mysql2');
console.log(mysql.format('select ? as x', [1]));
