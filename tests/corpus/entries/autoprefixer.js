// corpus entry: autoprefixer + postcss (caniuse-lite data)
const postcss = require('postcss');
const autoprefixer = require('autoprefixer');
postcss([autoprefixer({ overrideBrowserslist: ['chrome 40', 'safari 8'] })])
  .process('a { display: flex; user-select: none }', { from: undefined })
  .then((r) => console.log(r.css));
