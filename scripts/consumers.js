#!/usr/bin/env node
// Real tools that depend on @vercel/nft, switched to nft-rs with npm `overrides`:
// each is built twice, in the consumers set as installed (tests/consumers, with
// @vercel/nft 1.11.5) and in a copy whose package.json overrides "@vercel/nft"
// with the nft-rs tarball; both outputs are run and must answer the same, and the
// files each build traced are compared.
//
// usage: node scripts/consumers.js --tarballs DIR    (DIR from scripts/npm-pack.sh)
// Needs scripts/install-test-deps.sh consumers. Installs offline (npm's cache).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn, spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const installed = path.join(cache, 'consumers');

function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The consumers set with "@vercel/nft" overridden by the tarball. */
function overridden(tarballs) {
  const dir = path.join(cache, 'consumers-nft-rs');
  const main = fs.readdirSync(tarballs).find((f) => /^nft-rs-\d.*\.tgz$/.test(f));
  const platform = fs.readdirSync(tarballs).filter((f) => /^nft-rs-[a-z].*\.tgz$/.test(f));
  if (!main || !platform.length) throw new Error(`no nft-rs tarballs in ${tarballs}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'consumers', 'package.json'), 'utf8'));
  pkg.overrides = { '@vercel/nft': `file:${path.join(tarballs, main)}` };
  for (const t of platform) {
    const name = `@nft-rs/${t.replace(/^nft-rs-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`;
    pkg.dependencies[name] = `file:${path.join(tarballs, t)}`;
  }
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.copyFileSync(path.join(root, 'tests', 'consumers', 'package-lock.json'), path.join(dir, 'package-lock.json'));
  sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  // Every copy of @vercel/nft in the tree must be nft-rs now.
  const copies = sh('find', ['node_modules', '-path', '*/@vercel/nft/package.json'], dir).split('\n').filter(Boolean);
  if (!copies.length) throw new Error('no @vercel/nft in the overridden tree');
  for (const copy of copies) {
    const nft = JSON.parse(fs.readFileSync(path.join(dir, copy), 'utf8'));
    if (nft.name !== 'nft-rs') throw new Error(`the override did not take: ${copy} is ${nft.name}@${nft.version}`);
  }
  return dir;
}

function freePort() {
  return new Promise((resolve) => {
    const srv = require('net').createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(port, route) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: route }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(`${res.statusCode} ${body.replaceAll(`:${port}`, ':PORT')}`));
    }).on('error', reject);
  });
}

/** Starts `node ...args` with PORT, requests the routes, stops it. */
async function serve(args, cwd, routes) {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NITRO_HOST: '127.0.0.1' }, stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await get(port, '/');
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const answers = [];
    for (const route of routes) answers.push(await get(port, route));
    return answers;
  } finally {
    child.kill();
  }
}

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

// Vercel's Node builder: build() the function, write its Lambda's files to
// `out/`, and serve the handler from there (the files the trace chose only).
const vercelBuild = `
const path = require('path'); const fs = require('fs');
const [project, app] = process.argv.slice(1);
const { build } = require(path.join(project, 'node_modules', '@vercel', 'node'));
const { glob } = require(path.join(project, 'node_modules', '@vercel', 'build-utils'));
(async () => {
  const files = await glob('**', app);
  const { output } = await build({ files, entrypoint: 'api/index.js', workPath: app, repoRootPath: project, config: {}, meta: { skipDownload: true } });
  const out = path.join(app, 'out');
  fs.rmSync(out, { recursive: true, force: true });
  for (const [rel, file] of Object.entries(output.files)) {
    const dest = path.join(out, rel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (file.type === 'FileFsRef') fs.copyFileSync(file.fsPath, dest);
    else fs.writeFileSync(dest, file.data);
  }
  fs.writeFileSync(path.join(out, 'handler.txt'), output.handler);
})().catch((e) => { console.error(e); process.exit(1); });`;
const vercelServe = `
const path = require('path');
const handler = require(path.resolve('out', require('fs').readFileSync('out/handler.txt', 'utf8')));
require('http').createServer((req, res) => handler(req, res)).listen(Number(process.env.PORT), '127.0.0.1');`;

const consumers = {
  nitro: {
    fixture: path.join(root, 'fixtures', 'consumers', 'nitro-app'),
    build: (app, project) => sh(process.execPath, [path.join(project, 'node_modules', 'nitropack', 'dist', 'cli', 'index.mjs'), 'build'], app),
    output: '.output',
    server: ['.output/server/index.mjs'],
    traced: '.output/server/node_modules',
    routes: ['/', '/missing'],
  },
  'vercel-node': {
    fixture: path.join(root, 'fixtures', 'consumers', 'vercel-node-app'),
    build: (app, project) => sh(process.execPath, ['-e', vercelBuild, project, app], app),
    output: 'out',
    server: ['-e', vercelServe],
    traced: 'out',
    routes: ['/', '/x?y=1'],
  },
};

async function main() {
  const i = process.argv.indexOf('--tarballs');
  if (i < 0) throw new Error('usage: node scripts/consumers.js --tarballs DIR');
  const tarballs = path.resolve(process.argv[i + 1]);
  if (!fs.existsSync(path.join(installed, 'node_modules'))) throw new Error('run scripts/install-test-deps.sh consumers first');
  const projects = { '@vercel/nft': installed, 'nft-rs': overridden(tarballs) };
  let failed = false;
  for (const [name, c] of Object.entries(consumers)) {
    const results = {};
    for (const [label, project] of Object.entries(projects)) {
      const app = path.join(project, 'apps', name);
      fs.rmSync(app, { recursive: true, force: true });
      fs.cpSync(c.fixture, app, { recursive: true });
      const start = process.hrtime.bigint();
      c.build(app, project);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      // Served from a copy outside the project: no node_modules above it to
      // hide a file the trace missed.
      const away = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `nft-rs-${name}-`)));
      fs.cpSync(path.join(app, c.output), path.join(away, c.output), { recursive: true, verbatimSymlinks: true });
      const answers = await serve(c.server, away, c.routes);
      fs.rmSync(away, { recursive: true, force: true });
      results[label] = { ms, answers, traced: listFiles(path.join(app, c.traced)) };
    }
    const [a, b] = [results['@vercel/nft'], results['nft-rs']];
    const same = JSON.stringify(a.answers) === JSON.stringify(b.answers);
    const onlyNft = a.traced.filter((f) => !b.traced.includes(f));
    const onlyOurs = b.traced.filter((f) => !a.traced.includes(f));
    console.log(`${name}: build ${Math.round(a.ms)} ms with @vercel/nft, ${Math.round(b.ms)} ms with nft-rs; ` +
      `traced ${a.traced.length} / ${b.traced.length} files (only @vercel/nft: ${onlyNft.length}, only nft-rs: ${onlyOurs.length}); ` +
      `answers ${same ? 'the same' : 'DIFFER'}: ${JSON.stringify(b.answers)}`);
    for (const f of onlyNft) console.log(`  - ${f}`);
    for (const f of onlyOurs) console.log(`  + ${f}`);
    if (!same || onlyNft.length || !b.answers[0].startsWith('200')) failed = true;
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`consumers: error: ${e.stack || e}`);
  process.exit(1);
});
