// corpus entry: jsonwebtoken@9.0.2
const jwt = require('jsonwebtoken');
console.log(jwt.verify(jwt.sign({ a: 1 }, 's', { noTimestamp: true }), 's').a);
