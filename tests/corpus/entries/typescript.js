// corpus entry: typescript@5.7.2
const ts = require('typescript');
console.log(ts.transpileModule('let a: number = 1', { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText.trim().split('\n').pop());
