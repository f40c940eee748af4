// corpus entry: ejs@3.1.10
const ejs = require('ejs');
console.log(ejs.render('<b><%= x %></b>', { x: 1 }));
