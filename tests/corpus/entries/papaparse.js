// corpus entry: papaparse
const Papa = require('papaparse');
const r = Papa.parse('a,b\n1,2\n3,4', { header: true, dynamicTyping: true });
console.log(JSON.stringify(r.data), Papa.unparse([{ x: 1, y: 'z' }]));
