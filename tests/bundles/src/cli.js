// Bundled by Browserify with `ms` left external.
const ms = require('ms');
const { double } = require('./math');

console.log(double(21), ms(60000), ms('2h'));
