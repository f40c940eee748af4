// corpus entry: valibot
const v = require('valibot');
const User = v.object({ name: v.string(), age: v.pipe(v.number(), v.minValue(18)) });
console.log(v.safeParse(User, { name: 'x', age: 20 }).success, v.safeParse(User, { name: 'x', age: 3 }).issues[0].message);
