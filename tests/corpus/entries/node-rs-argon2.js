// corpus entry: @node-rs/argon2 (napi-rs, platform package)
const { hashSync, verifySync } = require('@node-rs/argon2');
const h = hashSync('secret', { salt: Buffer.alloc(16, 2), memoryCost: 1024, timeCost: 2, parallelism: 1 });
console.log(h.split('$').length, verifySync(h, 'secret'));
