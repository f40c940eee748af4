// corpus entry: luxon@3.5.0
const { DateTime } = require('luxon');
console.log(DateTime.fromISO('2020-01-02', { zone: 'utc' }).toFormat('yyyy LLL dd'));
