// corpus entry: libphonenumber-js (metadata JSON)
const { parsePhoneNumber } = require('libphonenumber-js/max');
const n = parsePhoneNumber('+33 1 23 45 67 89');
console.log(n.country, n.formatInternational(), n.getType());
