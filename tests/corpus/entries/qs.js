// corpus entry: qs@6.13.1
const qs = require('qs');
console.log(qs.stringify({ a: [1, 2] }));
