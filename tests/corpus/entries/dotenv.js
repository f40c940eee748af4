// corpus entry: dotenv@16.4.7
const dotenv = require('dotenv');
console.log(JSON.stringify(dotenv.parse('A=1')));
