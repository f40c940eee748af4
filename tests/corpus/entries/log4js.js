// corpus entry: log4js@6.9.1
const log4js = require('log4js');
console.log(log4js.getLogger('x').category);
