// shiki 0.x reads its themes and grammars from its own folder and loads
// vscode-oniguruma's release/onig.wasm at run time.
const shiki = require('shiki');

shiki
  .getHighlighter({ theme: 'nord', langs: ['javascript'] })
  .then((highlighter) => {
    const html = highlighter.codeToHtml('const answer = 42;', { lang: 'javascript' });
    console.log(html.includes('answer'), html.length);
  });
