// corpus entry: stylus (reads its lib/functions/*.styl at run time)
const stylus = require('stylus');
console.log(stylus.render('a\n  color darken(#fff, 10%)\n  width round(3.7px)'));
