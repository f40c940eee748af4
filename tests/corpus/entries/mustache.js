// corpus entry: mustache@4.2.0
const Mustache = require('mustache');
console.log(Mustache.render('{{a}}!', { a: 'hi' }));
