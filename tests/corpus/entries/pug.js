// corpus entry: pug@3.0.3
const pug = require('pug');
console.log(pug.render('p= x', { x: 'ok' }));
