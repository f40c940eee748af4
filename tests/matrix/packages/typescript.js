// typescript's transpiler (one large file).
const ts = require('typescript');

console.log(ts.transpileModule('const a: number = 1;', { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText.split('\n').length);
