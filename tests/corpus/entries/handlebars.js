// corpus entry: handlebars@4.7.8
const H = require('handlebars');
console.log(H.compile('{{a}}-{{b}}')({ a: 1, b: 2 }));
