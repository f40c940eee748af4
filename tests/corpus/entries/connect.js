// corpus entry: connect@3.7.0
const connect = require('connect');
const app = connect();
app.use((q, r) => r.end('ok'));
console.log(typeof app, app.stack.length);
