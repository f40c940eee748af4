// corpus entry: hono@4.6.16
const { Hono } = require('hono');
const app = new Hono();
app.get('/', (c) => c.text('ok'));
Promise.resolve(app.request('/')).then(async (r) => console.log(r.status, await r.text()));
