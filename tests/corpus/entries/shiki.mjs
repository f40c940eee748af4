// corpus entry: shiki (oniguruma WASM, grammars and themes as data)
import { codeToHtml } from 'shiki';
console.log(await codeToHtml('const a = 1', { lang: 'javascript', theme: 'github-dark' }));
