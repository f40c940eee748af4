// corpus entry: ajv@8.17.1
const Ajv = require('ajv');
console.log(new Ajv().validate({ type: 'number' }, 1));
