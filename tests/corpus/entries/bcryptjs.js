// corpus entry: bcryptjs@2.4.3
const b = require('bcryptjs');
console.log(b.compareSync('x', b.hashSync('x', 4)));
