// corpus entry: less
const less = require('less');
less.render('@c: #f00; .a { color: darken(@c, 10%); .b { width: (2px * 3); } }').then((r) => console.log(r.css));
