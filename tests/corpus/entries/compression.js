// corpus entry: compression@1.7.5
const compression = require('compression');
console.log(typeof compression());
