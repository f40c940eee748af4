// corpus entry: moment@2.30.1
const moment = require('moment');
moment.locale('fr');
console.log(moment.utc(0).format('LL'));
