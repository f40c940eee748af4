'use strict';
// `nft-rs/adapter` without a Next.js build: its options, the versions it
// redirects on, and the check of Next's outputs against nft-rs's traces.
// (scripts/adapter-e2e.js builds real apps.)
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

const pkg = path.join(__dirname, '..', 'nft-rs');
const { readOptions, traceArgs, DEFAULTS } = require(path.join(pkg, 'adapter', 'options.js'));
const { compare, snapshot } = require(path.join(pkg, 'adapter', 'check.js'));
const adapter = require(path.join(pkg, 'adapter.js'));

const temps = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nft-rs-adapter-test-'));
  temps.push(dir);
  return dir;
}
test.after(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

test('the adapter has the shape Next.js loads', () => {
  assert.strictEqual(adapter.name, 'nft-rs');
  assert.strictEqual(typeof adapter.modifyConfig, 'function');
  assert.strictEqual(typeof adapter.onBuildComplete, 'function');
  // `nft-rs/adapter` resolves to adapter.js (no exports map: @vercel/nft has none,
  // so deep requires of its paths keep working), and the packed files include it.
  assert.strictEqual(require.resolve(path.join(pkg, 'adapter')), path.join(pkg, 'adapter.js'));
  const files = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).files;
  for (const f of ['adapter.js', 'adapter.d.ts', 'adapter/*.js']) assert.ok(files.includes(f), f);
});

test('the redirect is for Next.js 16.2 up to 17 only', () => {
  for (const v of ['16.2.0', '16.4.6', '16.10.1-canary.3']) assert.ok(adapter.isTested(v), v);
  for (const v of ['15.5.29', '16.1.9', '17.0.0', 'garbage', undefined]) assert.ok(!adapter.isTested(v), String(v));
});

test('options: defaults, then nft-rs.adapter.json, then the environment', () => {
  const dir = tempDir();
  assert.deepStrictEqual(readOptions(dir, {}), { ...DEFAULTS, args: [] });
  fs.writeFileSync(path.join(dir, 'nft-rs.adapter.json'), JSON.stringify({ relocatable: false, strict: true, args: ['--max-bytes', '200M'] }));
  const fromFile = readOptions(dir, {});
  assert.strictEqual(fromFile.relocatable, false);
  assert.strictEqual(fromFile.strict, true);
  const fromEnv = readOptions(dir, { NFT_RS_ADAPTER_STRICT: '0', NFT_RS_ADAPTER_DEREFERENCE: 'true' });
  assert.strictEqual(fromEnv.strict, false);
  assert.strictEqual(fromEnv.dereference, true);
  assert.deepStrictEqual(traceArgs('/app', fromEnv), ['trace', '/app', '--json', '--with-static', '--dereference', '--max-bytes', '200M']);
  assert.deepStrictEqual(traceArgs('/app', { ...DEFAULTS, standalone: false, args: [] }), ['trace', '/app', '--json', '--no-standalone', '--relocatable', '--with-static']);
});

test('options: a bad value names the file or the variable', () => {
  const dir = tempDir();
  assert.throws(() => readOptions(dir, { NFT_RS_ADAPTER_STRICT: 'maybe' }), /NFT_RS_ADAPTER_STRICT="maybe" is not a boolean/);
  fs.writeFileSync(path.join(dir, 'nft-rs.adapter.json'), '{"relocateable": true}');
  assert.throws(() => readOptions(dir, {}), /nft-rs\.adapter\.json: unknown option "relocateable"/);
  fs.writeFileSync(path.join(dir, 'nft-rs.adapter.json'), '{"strict": "yes"}');
  assert.throws(() => readOptions(dir, {}), /"strict" must be true or false/);
  fs.writeFileSync(path.join(dir, 'nft-rs.adapter.json'), '{');
  assert.throws(() => readOptions(dir, {}), /cannot read .*nft-rs\.adapter\.json/);
});

test("the check: Next's own trace against nft-rs's, shared runtime files counted apart", () => {
  const root = tempDir();
  const server = path.join(root, '.next', 'server', 'app');
  fs.mkdirSync(server, { recursive: true });
  const entry = path.join(server, 'page.js');
  const nft = `${entry}.nft.json`;
  fs.writeFileSync(entry, '');
  // Next's trace of the entry: a and b.
  fs.writeFileSync(nft, JSON.stringify({ version: 1, files: ['../../../node_modules/a.js', '../../../node_modules/b.js'] }));
  const outputs = {
    appPages: [
      {
        id: '/page',
        type: 'APP_PAGE',
        runtime: 'nodejs',
        filePath: entry,
        // Next's assets: its trace plus a runtime file it adds to every output.
        assets: { 'node_modules/a.js': 'x', 'node_modules/b.js': 'x', 'node_modules/next/shared.js': 'x' },
      },
      { id: '/edge', type: 'APP_PAGE', runtime: 'edge', filePath: path.join(server, 'edge.js'), assets: {} },
    ],
  };
  const before = snapshot(outputs);
  // nft-rs's trace of the entry: a and c (b missing, c extra).
  fs.writeFileSync(nft, JSON.stringify({ version: 1, files: ['../../../node_modules/a.js', '../../../node_modules/c.js'] }));
  const { summary, outputs: rows } = compare({ outputs, repoRoot: root, before });
  assert.deepStrictEqual(summary, { outputs: 1, equal: 0, differ: 1, noTrace: 0, missing: 1, extra: 1 });
  assert.deepStrictEqual(rows[0].missing, ['node_modules/b.js']);
  assert.deepStrictEqual(rows[0].extra, ['node_modules/c.js']);
  assert.strictEqual(rows[0].shared, 1);
  assert.strictEqual(rows[0].entry, '.next/server/app/page.js');
});
