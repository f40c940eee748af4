// corpus entry: sass (dart-sass compiled to JS)
const sass = require('sass');
console.log(sass.compileString('$c: #f00; .a { color: $c; .b { width: 2px * 3; } }').css);
