// corpus entry: msgpackr (optional native msgpackr-extract)
const { pack, unpack } = require('msgpackr');
const buf = pack({ a: 1, b: [true, 'x'], c: { d: null } });
console.log(buf.length, JSON.stringify(unpack(buf)));
