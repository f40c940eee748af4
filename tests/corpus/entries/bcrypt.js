// corpus entry: bcrypt (native addon, prebuilds via node-gyp-build)
const bcrypt = require('bcrypt');
const hash = bcrypt.hashSync('secret', '$2b$04$abcdefghijklmnopqrstuu');
console.log(hash, bcrypt.compareSync('secret', hash));
