// corpus entry: web-tree-sitter (WASM runtime)
const { Parser } = require('web-tree-sitter');
Parser.init().then(() => {
  const parser = new Parser();
  console.log(typeof parser.parse, typeof parser.setLanguage);
});
