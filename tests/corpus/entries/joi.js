// corpus entry: joi@17.13.3
const Joi = require('joi');
console.log(Joi.number().validate('x').error.message);
