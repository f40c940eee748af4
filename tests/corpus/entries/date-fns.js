// corpus entry: date-fns@4.1.0
const { format } = require('date-fns');
console.log(format(new Date(2020, 0, 2), 'yyyy-MM-dd'));
