// corpus entry: uglify-js (reads its own lib/*.js sources at run time)
const UglifyJS = require('uglify-js');
console.log(UglifyJS.minify('function add(first, second) { return first + second; } console.log(add(1, 2));').code);
