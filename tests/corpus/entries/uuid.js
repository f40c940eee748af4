// corpus entry: uuid@11.0.5
const { validate, v5 } = require('uuid');
console.log(validate(v5('nft', v5.URL)));
