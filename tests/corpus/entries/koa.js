// corpus entry: koa@2.15.3
const Koa = require('koa');
const app = new Koa();
app.use((ctx) => { ctx.body = 'ok'; });
console.log(typeof app.callback(), app.middleware.length);
