// corpus entry: class-validator + class-transformer + reflect-metadata
require('reflect-metadata');
const { validateSync, IsInt, Min, IsString } = require('class-validator');
const { plainToInstance } = require('class-transformer');
class User {}
IsString()(User.prototype, 'name');
IsInt()(User.prototype, 'age');
Min(18)(User.prototype, 'age');
const u = plainToInstance(User, { name: 'x', age: 3 });
console.log(u instanceof User, validateSync(u).map((e) => Object.keys(e.constraints)).join(';'));
