// corpus entry: moment-timezone (bundled tz data JSON)
const moment = require('moment-timezone');
console.log(moment.tz('2024-06-01T12:00:00Z', 'Europe/Paris').format(), moment.tz.names().length > 100);
