// corpus entry: yup@1.6.1
const yup = require('yup');
console.log(yup.number().isValidSync(3));
