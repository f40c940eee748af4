// corpus entry: @sinclair/typebox
const { Type } = require('@sinclair/typebox');
const { Value } = require('@sinclair/typebox/value');
const User = Type.Object({ name: Type.String(), age: Type.Number() });
console.log(Value.Check(User, { name: 'x', age: 1 }), [...Value.Errors(User, { name: 1 })].length);
