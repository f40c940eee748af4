// corpus entry: bunyan@1.8.15
const bunyan = require('bunyan');
console.log(bunyan.resolveLevel('info'));
