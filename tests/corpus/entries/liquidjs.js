// corpus entry: liquidjs@10.19.1
const { Liquid } = require('liquidjs');
new Liquid().parseAndRender('{{ a | upcase }}', { a: 'ok' }).then(console.log);
