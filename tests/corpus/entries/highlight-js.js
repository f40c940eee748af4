// corpus entry: highlight.js@11.11.1
const hljs = require('highlight.js');
console.log(hljs.highlight('const a = 1', { language: 'javascript' }).value.length > 0);
