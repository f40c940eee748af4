// corpus entry: csv-parse@5.6.0
const { parse } = require('csv-parse/sync');
console.log(JSON.stringify(parse('a,b\n1,2', { columns: true })));
