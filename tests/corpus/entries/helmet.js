// corpus entry: helmet@8.0.0
const helmet = require('helmet');
console.log(typeof helmet(), typeof helmet.contentSecurityPolicy);
