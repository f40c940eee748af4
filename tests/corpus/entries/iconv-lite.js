// corpus entry: iconv-lite@0.6.3
const iconv = require('iconv-lite');
console.log(iconv.decode(Buffer.from([0xe9]), 'latin1'));
