// corpus entry: body-parser@1.20.3
const bp = require('body-parser');
console.log(typeof bp.json(), typeof bp.urlencoded({ extended: true }));
