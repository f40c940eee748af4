// corpus entry: validator@13.12.0
const validator = require('validator');
console.log(validator.isEmail('a@b.co'));
