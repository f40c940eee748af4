// corpus entry: marked@15.0.6
const { marked } = require('marked');
console.log(marked.parse('# hi').trim());
