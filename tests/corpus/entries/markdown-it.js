// corpus entry: markdown-it@14.1.0
const md = require('markdown-it')();
console.log(md.render('*hi*').trim());
