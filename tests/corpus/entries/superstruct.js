// corpus entry: superstruct
const { object, string, number, is, validate } = require('superstruct');
const User = object({ name: string(), age: number() });
console.log(is({ name: 'x', age: 1 }, User), validate({ name: 1 }, User)[0].message);
