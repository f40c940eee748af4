// corpus entry: morgan@1.10.0
const morgan = require('morgan');
console.log(typeof morgan('tiny'), typeof morgan.compile(':method'));
