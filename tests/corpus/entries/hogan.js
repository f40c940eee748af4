// corpus entry: hogan.js
const Hogan = require('hogan.js');
console.log(Hogan.compile('Hi {{name}}{{#xs}} {{.}}{{/xs}}').render({ name: 'nft', xs: [1, 2] }));
