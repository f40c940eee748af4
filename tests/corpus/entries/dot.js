// corpus entry: dot
const doT = require('dot');
console.log(doT.template('Hi {{=it.name}}{{~it.xs :x}} {{=x}}{{~}}')({ name: 'nft', xs: [1, 2] }));
