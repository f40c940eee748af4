// corpus entry: fastest-validator
const Validator = require('fastest-validator');
const check = new Validator().compile({ name: 'string', age: { type: 'number', min: 18 } });
console.log(check({ name: 'x', age: 20 }), check({ name: 'x', age: 3 })[0].type);
