// corpus entry: lightningcss (napi-rs, platform package; CSS parser)
const { transform } = require('lightningcss');
const { code } = transform({ filename: 'a.css', code: Buffer.from('.a { color: #ff0000; }  .b{ margin: 0px 0px }'), minify: true });
console.log(code.toString());
