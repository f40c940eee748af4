// Compiles the programs under src/ with the tools people deploy with, one folder
// per tool and mode under dist/, each with the program's files (src/assets) beside
// its output, and writes dist/manifest.json: [{ name, entry }]. scripts/matrix.js
// traces every entry with nft-rs and @vercel/nft and runs nft-rs's copy.
// Run by scripts/install-test-deps.sh in the set's folder.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const src = path.join(__dirname, 'src');
const dist = path.join(__dirname, 'dist');
const manifest = [];

function files(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** A folder for one output, with the program's data files beside it. */
function outDir(name, { esm = false } = {}) {
  const dir = path.join(dist, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(src, 'assets'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: esm ? 'module' : 'commonjs' }) + '\n');
  return dir;
}

function add(name, entry) {
  manifest.push({ name, entry: path.posix.join('dist', name, entry) });
}

/** Compiles every file of a program one by one (no bundling). */
function perFile(program, name, transform, opts) {
  const dir = outDir(name, opts);
  for (const f of files(path.join(src, program))) {
    const out = path.join(dir, f);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, transform(path.join(src, program, f)));
  }
  add(name, 'index.js');
}

// TypeScript: CommonJS with and without esModuleInterop, and ES modules.
function tsc(program, name, args, opts) {
  const dir = outDir(name, opts);
  const tscBin = path.join(__dirname, 'node_modules', 'typescript', 'bin', 'tsc');
  const inputs = files(path.join(src, program)).map((f) => path.join(src, program, f));
  execFileSync(process.execPath, [tscBin, '--allowJs', '--target', 'es2022', '--skipLibCheck', '--noEmitOnError', 'false', '--outDir', dir, '--rootDir', path.join(src, program), ...args, ...inputs], { stdio: 'inherit' });
  add(name, 'index.js');
}
tsc('cjs-app', 'tsc-cjs', ['--module', 'commonjs']);
tsc('interop-app', 'tsc-cjs-interop', ['--module', 'commonjs', '--esModuleInterop']);
tsc('esm-app', 'tsc-esm', ['--module', 'es2022', '--moduleResolution', 'bundler'], { esm: true });

// Babel (preset-env to CommonJS) and SWC (CommonJS).
const babel = require('@babel/core');
const babelOpts = { babelrc: false, configFile: false, presets: [[require.resolve('@babel/preset-env'), { targets: { node: '18' }, modules: 'commonjs' }]] };
perFile('cjs-app', 'babel', (f) => babel.transformFileSync(f, babelOpts).code);
perFile('interop-app', 'babel-interop', (f) => babel.transformFileSync(f, babelOpts).code);
const swc = require('@swc/core');
const swcOpts = { swcrc: false, jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } };
perFile('cjs-app', 'swc', (f) => swc.transformFileSync(f, swcOpts).code);
perFile('interop-app', 'swc-interop', (f) => swc.transformFileSync(f, swcOpts).code);

// esbuild: bundled (CommonJS and ESM) and file by file.
const esbuild = require('esbuild');
esbuild.buildSync({ entryPoints: [path.join(src, 'cjs-app', 'index.js')], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(outDir('esbuild-bundle'), 'index.js'), logLevel: 'error' });
add('esbuild-bundle', 'index.js');
esbuild.buildSync({ entryPoints: [path.join(src, 'esm-app', 'index.js')], bundle: true, platform: 'node', format: 'esm', splitting: true, outdir: outDir('esbuild-bundle-esm', { esm: true }), logLevel: 'error' });
add('esbuild-bundle-esm', 'index.js');
perFile('cjs-app', 'esbuild', (f) => esbuild.transformSync(fs.readFileSync(f, 'utf8'), { format: 'cjs', platform: 'node', loader: 'js' }).code);
perFile('interop-app', 'esbuild-interop', (f) => esbuild.transformSync(fs.readFileSync(f, 'utf8'), { format: 'cjs', platform: 'node', loader: 'js' }).code);

// Rollup: CommonJS and ESM output, the lazy import as a chunk.
async function rollup(program, name, format, opts) {
  const { rollup: run } = require('rollup');
  const bundle = await run({ input: path.join(src, program, 'index.js'), external: (id) => /^(node:)?(fs|path|url)$/.test(id), logLevel: 'silent' });
  await bundle.write({ dir: outDir(name, opts), format, entryFileNames: 'index.js', chunkFileNames: '[name]-chunk.js' });
  add(name, 'index.js');
}

// webpack 5: production and development, CommonJS and ESM output, a lazy chunk.
function webpack(program, name, mode, esm) {
  const config = {
    mode,
    target: 'node',
    devtool: false,
    entry: path.join(src, program, 'index.js'),
    node: { __dirname: false, __filename: false },
    output: esm
      ? { path: outDir(name, { esm }), filename: 'index.js', chunkFilename: '[name].chunk.js', module: true, chunkFormat: 'module', library: { type: 'module' } }
      : { path: outDir(name), filename: 'index.js', chunkFilename: '[name].chunk.js' },
    experiments: esm ? { outputModule: true } : {},
    // `import.meta.url` of the output, not of the source (`new URL(.., import.meta.url)`
    // still becomes an asset module).
    module: esm ? { parser: { javascript: { importMeta: false } } } : {},
  };
  return new Promise((resolve, reject) => {
    require('webpack')(config, (err, stats) => {
      if (err || stats.hasErrors()) reject(err || new Error(stats.toString()));
      else {
        add(name, 'index.js');
        resolve();
      }
    });
  });
}

// Browserify (from Babel's CommonJS output, as with babelify), plain and minified.
function browserify(name, minify) {
  const b = require('browserify')(path.join(dist, 'babel', 'index.js'), { node: true, basedir: path.join(dist, 'babel') });
  return new Promise((resolve, reject) => {
    b.bundle(async (err, buf) => {
      if (err) return reject(err);
      let code = buf.toString();
      if (minify) code = (await require('terser').minify(code, { compress: true, mangle: true })).code;
      fs.writeFileSync(path.join(outDir(name), 'index.js'), code);
      add(name, 'index.js');
      resolve();
    });
  });
}

(async () => {
  await rollup('cjs-app', 'rollup-cjs', 'cjs');
  await rollup('esm-app', 'rollup-esm', 'es', { esm: true });
  await webpack('cjs-app', 'webpack-prod', 'production', false);
  await webpack('cjs-app', 'webpack-dev', 'development', false);
  await webpack('esm-app', 'webpack-esm-prod', 'production', true);
  await webpack('esm-app', 'webpack-esm-dev', 'development', true);
  await browserify('browserify', false);
  await browserify('browserify-min', true);
  manifest.sort((a, b) => (a.name < b.name ? -1 : 1));
  fs.writeFileSync(path.join(dist, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
