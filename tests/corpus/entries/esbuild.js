// corpus entry: esbuild@0.24.2
const esbuild = require('esbuild');
console.log(esbuild.transformSync('let a: number = 1', { loader: 'ts' }).code.trim());
