// corpus entry: lodash@4.17.21
const _ = require('lodash');
console.log(JSON.stringify(_.chunk([1, 2, 3, 4, 5], 2)));
