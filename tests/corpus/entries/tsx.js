// corpus entry: tsx (esbuild-backed TypeScript require hook)
const { require: tsxRequire } = require('tsx/cjs/api');
const path = require('path');
console.log(typeof tsxRequire, path.basename(require.resolve('tsx/cjs/api')));
