// corpus entry: prettier@3.4.2
const prettier = require('prettier');
prettier.format('const a={b:1}', { parser: 'babel' }).then((s) => console.log(s.trim()));
