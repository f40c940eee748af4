// corpus entry: express@4.21.2
const express = require('express');
const app = express();
app.get('/', (q, r) => r.send('ok'));
console.log(typeof app.listen, app._router.stack.length);
