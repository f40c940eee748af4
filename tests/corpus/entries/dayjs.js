// corpus entry: dayjs@1.11.13
const dayjs = require('dayjs');
require('dayjs/locale/de');
console.log(dayjs(0).locale('de').format('YYYY'));
