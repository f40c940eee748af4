// corpus entry: cors@2.8.5
const cors = require('cors');
console.log(typeof cors(), cors.length);
