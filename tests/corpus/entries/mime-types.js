// corpus entry: mime-types@2.1.35
const mime = require('mime-types');
console.log(mime.lookup('a.json'));
