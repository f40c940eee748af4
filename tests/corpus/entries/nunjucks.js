// corpus entry: nunjucks@3.2.4
const nunjucks = require('nunjucks');
console.log(nunjucks.renderString('{{ a | upper }}', { a: 'ok' }));
