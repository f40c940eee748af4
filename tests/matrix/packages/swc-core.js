// @swc/core loads the native binding of its platform package (@swc/core-linux-x64-gnu).
const swc = require('@swc/core');

console.log(swc.transformSync('const a = (b) => b ?? 1;', { jsc: { target: 'es5' } }).code.includes('void 0'));
