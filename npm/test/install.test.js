'use strict';
// The npm packages as a user gets them: the tarballs written by
// scripts/npm-pack.sh (in NFT_RS_NPM_TARBALLS) installed into a fresh project
// with `npm install --offline <tarballs>`, then used from there: the JS API, and
// `npx nft-rs` with the Rust CLI's output and exit codes. Skipped, saying so,
// when NFT_RS_NPM_TARBALLS is not set.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { tree } = require('./support.js');

const tarballs = process.env.NFT_RS_NPM_TARBALLS;
const skip = !tarballs && 'NFT_RS_NPM_TARBALLS is not set (scripts/npm-pack.sh OUT_DIR writes the tarballs)';

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NFT_RS_NATIVE: '', NFT_RS_BINARY: '', NFT_RS_PACKAGE: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh project with the tarballs installed; its folder. */
function install() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nft-rs-fresh-')));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"fresh","private":true}\n');
  const files = fs.readdirSync(tarballs).filter((f) => /^nft-rs-.*\.tgz$/.test(f)).map((f) => path.join(tarballs, f));
  const r = run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...files], dir);
  assert.strictEqual(r.status, 0, r.stderr);
  return dir;
}

test('installed from the tarballs: the JS API and npx nft-rs', { skip, timeout: 300000 }, () => {
  const project = install();
  const app = tree({
    'server.js': "require('./lib.js');\nrequire('fs').readFileSync(__dirname + '/data.json');\n",
    'lib.js': 'module.exports = 1;\n',
    'data.json': '{}',
  });
  // The JS API, required by name from the project.
  const script = `require('nft-rs').nodeFileTrace([${JSON.stringify(path.join(app, 'server.js'))}], { base: ${JSON.stringify(app)} })
    .then((r) => console.log(JSON.stringify([...r.fileList].sort())))`;
  const api = run(process.execPath, ['-e', script], project);
  assert.strictEqual(api.status, 0, api.stderr);
  assert.deepStrictEqual(JSON.parse(api.stdout), ['data.json', 'lib.js', 'server.js']);
  // The types ship with it.
  assert.ok(fs.existsSync(path.join(project, 'node_modules', 'nft-rs', 'index.d.ts')));
  // npx nft-rs print: the Rust CLI's output, byte for byte.
  const npx = run('npx', ['--no-install', 'nft-rs', 'print', '--base', app, path.join(app, 'server.js')], project);
  assert.strictEqual(npx.status, 0, npx.stderr);
  assert.strictEqual(npx.stdout, 'data.json\nlib.js\nserver.js\n');
  const binary = path.join(project, 'node_modules', '@nft-rs', require(path.join(project, 'node_modules', 'nft-rs', 'native.js')).platformKey(), 'nft-rs');
  for (const args of [['print', '--json', '--base', app, path.join(app, 'server.js')], ['--version'], ['--help'], ['size', '--base', app, path.join(app, 'server.js')]]) {
    const direct = run(binary, args, project);
    const viaNpx = run('npx', ['--no-install', 'nft-rs', ...args], project);
    assert.strictEqual(viaNpx.status, direct.status, args.join(' '));
    assert.strictEqual(viaNpx.stdout, direct.stdout, args.join(' '));
  }
  // Exit codes: 2 for a usage error, 1 for a failed run.
  assert.strictEqual(run('npx', ['--no-install', 'nft-rs', '--bogus'], project).status, 2);
  const missing = run('npx', ['--no-install', 'nft-rs', 'print', path.join(app, 'nope.js')], project);
  assert.strictEqual(missing.status, 1);
  assert.match(missing.stderr, /nope\.js/);
  // NFT_RS_BINARY: a binary of the user's own is run instead.
  const fake = path.join(app, 'fake-nft-rs');
  fs.writeFileSync(fake, '#!/bin/sh\necho "user binary $1"\nexit 7\n', { mode: 0o755 });
  const own = run('npx', ['--no-install', 'nft-rs', 'hello'], project, { NFT_RS_BINARY: fake });
  assert.strictEqual(own.status, 7);
  assert.strictEqual(own.stdout, 'user binary hello\n');
  fs.rmSync(project, { recursive: true, force: true });
  fs.rmSync(app, { recursive: true, force: true });
});
