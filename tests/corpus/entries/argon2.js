// corpus entry: argon2 (native addon, prebuilds in the package)
const argon2 = require('argon2');
argon2.hash('secret', { salt: Buffer.alloc(16, 1), timeCost: 2, memoryCost: 1024, parallelism: 1 })
  .then(async (h) => console.log(h, await argon2.verify(h, 'secret')));
