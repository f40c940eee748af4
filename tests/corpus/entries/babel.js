// corpus entry: @babel/core@7.26.0
const babel = require('@babel/core');
console.log(babel.transformSync('const a = 1', { configFile: false, babelrc: false }).code);
