// corpus entry: multer@1.4.5-lts.1
const multer = require('multer');
console.log(typeof multer({ storage: multer.memoryStorage() }).single('f'));
