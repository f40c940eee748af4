// corpus entry: acorn
const acorn = require('acorn');
const ast = acorn.parse('const a = 1; export default a;', { ecmaVersion: 'latest', sourceType: 'module' });
console.log(ast.body.map((n) => n.type).join(','));
