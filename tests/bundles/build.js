// Builds the bundles the exec tests trace: dist/server.js (webpack) and
// dist/cli.js (Browserify). Run by scripts/install-test-deps.sh in the set's folder.
'use strict';
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const browserify = require('browserify');

const dist = path.join(__dirname, 'dist');
fs.mkdirSync(dist, { recursive: true });
fs.copyFileSync(path.join(__dirname, 'src', 'config.json'), path.join(dist, 'config.json'));

webpack(
  {
    mode: 'production',
    target: 'node',
    entry: path.join(__dirname, 'src', 'server.js'),
    output: { path: dist, filename: 'server.js' },
    externals: { express: 'commonjs express' },
    node: { __dirname: false },
    optimization: { minimize: true },
  },
  (err, stats) => {
    if (err || stats.hasErrors()) {
      console.error(err || stats.toString());
      process.exit(1);
    }
  },
);

browserify(path.join(__dirname, 'src', 'cli.js'), { node: true })
  .external('ms')
  .bundle()
  .pipe(fs.createWriteStream(path.join(dist, 'cli.js')));
