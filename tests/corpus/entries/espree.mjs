// corpus entry: espree
import * as espree from 'espree';
const ast = espree.parse('let a = () => 1;', { ecmaVersion: 'latest' });
console.log(ast.body[0].type, espree.latestEcmaVersion > 2020);
