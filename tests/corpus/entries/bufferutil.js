// corpus entry: bufferutil (native addon, prebuilds via node-gyp-build)
const { mask, unmask } = require('bufferutil');
const src = Buffer.from('hello'), out = Buffer.alloc(5), key = Buffer.from([1, 2, 3, 4]);
mask(src, key, out, 0, 5);
unmask(out, key);
console.log(out.toString());
