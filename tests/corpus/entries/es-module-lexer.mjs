// corpus entry: es-module-lexer (inline WASM)
import { init, parse } from 'es-module-lexer';
await init;
const src = "import a from 'x'; export const b = 1;";
const [imports, exports] = parse(src);
console.log(imports.length, imports[0].specifier ?? src.slice(imports[0].s, imports[0].e), exports.length);
