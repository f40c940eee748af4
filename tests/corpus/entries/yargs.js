// corpus entry: yargs@17.7.2
const yargs = require('yargs/yargs');
console.log(yargs(['--a', '1']).parseSync().a);
