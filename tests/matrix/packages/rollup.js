// rollup loads the native parser of its platform package (@rollup/rollup-linux-x64-gnu).
const { parseAst } = require('rollup/parseAst');

console.log(parseAst('export const a = 1;').body.length);
