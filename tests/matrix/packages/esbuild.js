// esbuild spawns the binary of its platform package (@esbuild/linux-x64).
const esbuild = require('esbuild');

console.log(esbuild.transformSync('let a: number = 1', { loader: 'ts' }).code.trim());
