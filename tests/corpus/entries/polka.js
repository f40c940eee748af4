// corpus entry: polka@0.5.2
const polka = require('polka');
const app = polka().get('/', (q, r) => r.end('ok'));
console.log(typeof app.listen, typeof app.handler);
