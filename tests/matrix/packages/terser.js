// terser, a pure-JS minifier with a bundled dist file.
const { minify_sync: minifySync } = require('terser');

console.log(minifySync('function add(first, second) { return first + second; }').code);
