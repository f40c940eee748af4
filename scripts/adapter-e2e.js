#!/usr/bin/env node
'use strict';
// End to end test of `nft-rs/adapter` (the Next.js adapter, issue 20): for a
// fixture app installed under ~/.cache/nft-rs/next/<app> (scripts/install-test-deps.sh),
// copies it into a temporary folder (node_modules hard-linked), builds it with
// NEXT_ADAPTER_PATH pointing at the local npm/nft-rs/adapter.js, in each bundler
// mode, then:
// - checks the adapter's lines (redirect active in webpack mode, standalone written)
//   and its report (.next/nft-rs-adapter-report.json: no file of Next's assets missing);
// - webpack: compares every .nft.json with Next's own build (the reference that
//   scripts/next-e2e.js caches as <app>/.ref-<mode>), and prints the
//   collect-build-traces span of both builds;
// - serves the standalone folder (node server.js on 127.0.0.1) and requests every
//   route of fixtures/next/<app>/e2e.json, comparing the status codes with Next's
//   own standalone of the reference build;
// - moves the standalone folder elsewhere, makes it read-only, serves every route
//   again and checks no file holds the build directory.
// Builds run under `flock /tmp/nft-next.lock`.
//
// usage: node scripts/adapter-e2e.js [--app NAME]... [--mode webpack|turbopack]...
//          [--nft-rs BIN] [--native ADDON] [--fresh-reference] [--twice] [--keep]
// --twice: build a second copy in another folder and list the files of the two
// standalone folders that differ (what Next writes differently per build).
// --fresh-reference: build Next's reference (no adapter) in the same copy first,
// so that both build times come from the same machine load.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { serveAll } = require('./lib/serve');

const root = path.resolve(__dirname, '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const adapter = path.join(root, 'npm', 'nft-rs', 'adapter.js');

function parseArgs(argv) {
  const args = { apps: [], modes: [], bin: path.join(root, 'target', 'release', 'nft-rs'), native: path.join(root, 'target', 'release', 'libnft_rs_node.so'), keep: false, fresh: false, twice: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--app') args.apps.push(argv[++i]);
    else if (a === '--mode') args.modes.push(argv[++i]);
    else if (a === '--nft-rs') args.bin = path.resolve(argv[++i]);
    else if (a === '--native') args.native = path.resolve(argv[++i]);
    else if (a === '--keep') args.keep = true;
    else if (a === '--fresh-reference') args.fresh = true;
    else if (a === '--twice') args.twice = true;
    else throw new Error(`adapter-e2e: unknown argument ${a}`);
  }
  if (!args.apps.length) args.apps = ['app-router'];
  return args;
}

const failures = [];
function fail(message) {
  failures.push(message);
  console.log(`  FAIL ${message}`);
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Copies the installed app: files copied, every node_modules hard-linked (`cp -al`). */
function copyApp(src, dst) {
  fs.mkdirSync(dst, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    if (e.name === '.next' || e.name.startsWith('.ref-') || e.name === '.lock-sha256') continue;
    const from = path.join(src, e.name);
    const to = path.join(dst, e.name);
    if (e.name === 'node_modules') {
      const r = spawnSync('cp', ['-al', from, to], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`cp -al ${from} failed`);
    } else if (e.isDirectory()) copyApp(from, to);
    else if (e.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.copyFileSync(from, to);
  }
}

/** Milliseconds of the named span in `.next/trace` (summed over its occurrences). */
function traceSpan(dist, name) {
  const file = path.join(dist, 'trace');
  if (!fs.existsSync(file)) return null;
  let total = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let events;
    try {
      events = JSON.parse(line);
    } catch {
      continue;
    }
    for (const e of events) if (e.name === name) total = (total || 0) + e.duration / 1000;
  }
  return total;
}

function build(appDir, mode, env) {
  const nextBin = require.resolve('next/dist/bin/next', { paths: [appDir] });
  const flags = mode === 'webpack' ? ['--webpack'] : [];
  const start = process.hrtime.bigint();
  const r = spawnSync('flock', ['/tmp/nft-next.lock', process.execPath, nextBin, 'build', ...flags], { cwd: appDir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  // The lock wait is not build time: Next's own figure is in .next/trace.
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const output = `${r.stdout}${r.stderr}`;
  return { ok: r.status === 0, output, wallMs, buildMs: traceSpan(path.join(appDir, '.next'), 'next-build') };
}

function traceFiles(dist) {
  return walk(dist)
    .filter((f) => f.endsWith('.nft.json') && !f.includes(`${path.sep}standalone${path.sep}`) && !f.includes(`${path.sep}cache${path.sep}`))
    .map((f) => path.relative(dist, f))
    .sort();
}

function compareTraces(refDist, dist) {
  let equal = 0;
  const differ = [];
  const ours = traceFiles(dist);
  for (const rel of ours) {
    const ref = path.join(refDist, rel);
    if (!fs.existsSync(ref)) {
      differ.push(`${rel}: not in Next's build`);
      continue;
    }
    const a = JSON.parse(fs.readFileSync(ref, 'utf8')).files.slice().sort();
    const b = JSON.parse(fs.readFileSync(path.join(dist, rel), 'utf8')).files.slice().sort();
    const onlyNext = a.filter((f) => !b.includes(f));
    const onlyOurs = b.filter((f) => !a.includes(f));
    if (!onlyNext.length && !onlyOurs.length) equal++;
    else differ.push(`${rel}: ${onlyNext.length} only in Next's (${onlyNext.slice(0, 3).join(', ')}), ${onlyOurs.length} only in the adapter build's (${onlyOurs.slice(0, 3).join(', ')})`);
  }
  return { total: ours.length, equal, differ };
}

/// The status of every route, as the standalone server `serverJs` answers it.
async function statuses(serverJs, routes) {
  return (await serveAll(serverJs, routes)).map((answer) => answer.status);
}

function hashTree(dir) {
  const out = new Map();
  for (const f of walk(dir)) {
    const st = fs.lstatSync(f);
    const data = st.isSymbolicLink() ? `link:${fs.readlinkSync(f)}` : fs.readFileSync(f);
    out.set(path.relative(dir, f), require('crypto').createHash('sha256').update(data).digest('hex'));
  }
  return out;
}

/** Builds a second copy of the app elsewhere; the files whose bytes differ between the two standalone folders. */
function sameStandalone(args, name, spec, work, mode, env, standalone) {
  const other = path.join(work, 'app2');
  fs.rmSync(other, { recursive: true, force: true });
  copyApp(path.join(cache, 'next', name), other);
  const appDir = path.join(other, spec.app || '.');
  console.log(`${name} (${mode}): a second build in another folder`);
  const b = build(appDir, mode, env);
  if (!b.ok) {
    fail(`${name} ${mode}: second next build failed:\n${b.output}`);
    return '-';
  }
  const a = hashTree(standalone);
  const c = hashTree(path.join(appDir, '.next', 'standalone'));
  const differ = [...new Set([...a.keys(), ...c.keys()])].filter((f) => a.get(f) !== c.get(f)).sort();
  for (const f of differ) console.log(`  differs between the two builds: ${f}${a.has(f) && c.has(f) ? '' : ' (in one only)'}`);
  fs.rmSync(other, { recursive: true, force: true });
  return `${a.size - differ.length}/${a.size} same`;
}

/** Next's own standalone of the reference build, with public/ and .next/static, in `dir`. */
function referenceServer(refDist, appSrc, relApp, dir) {
  const standalone = path.join(refDist, 'standalone');
  if (!fs.existsSync(standalone)) return null;
  spawnSync('cp', ['-a', standalone, dir]);
  const target = path.join(dir, relApp);
  if (fs.existsSync(path.join(appSrc, 'public'))) spawnSync('cp', ['-a', path.join(appSrc, 'public'), path.join(target, 'public')]);
  spawnSync('cp', ['-a', path.join(refDist, 'static'), path.join(target, '.next', 'static')]);
  return path.join(target, 'server.js');
}

function containsBytes(dir, needle) {
  const buffer = Buffer.from(needle);
  return walk(dir).filter((f) => fs.lstatSync(f).isFile() && fs.readFileSync(f).includes(buffer));
}

const secs = (ms) => (ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);

async function testMode(args, name, spec, work, mode, rows) {
  const installed = path.join(cache, 'next', name);
  const relApp = spec.app || '.';
  const appDir = path.join(work, 'app', relApp);
  const dist = path.join(appDir, '.next');
  fs.rmSync(dist, { recursive: true, force: true });
  let refDist = path.join(installed, relApp, `.ref-${mode}`);
  if (args.fresh) {
    console.log(`${name} (${mode}): next build without the adapter (reference)`);
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
    delete env.NEXT_ADAPTER_PATH;
    const r = build(appDir, mode, env);
    if (!r.ok) {
      fail(`${name} ${mode}: reference next build failed:\n${r.output}`);
      return;
    }
    refDist = path.join(work, `ref-${mode}-dist`);
    fs.renameSync(dist, refDist);
  }
  console.log(`${name} (${mode}): next build with the adapter`);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_ADAPTER_PATH: adapter,
    NFT_RS_BINARY: args.bin,
    NFT_RS_NATIVE: args.native,
  };
  const b = build(appDir, mode, env);
  if (!b.ok) {
    fail(`${name} ${mode}: next build failed:\n${b.output}`);
    return;
  }
  const lines = b.output.split('\n').filter((l) => l.includes('nft-rs adapter'));
  for (const l of lines) console.log(`  | ${l.trim()}`);
  if (mode === 'webpack' && !lines.some((l) => l.includes('runs on nft-rs'))) fail(`${name} ${mode}: no line saying the tracer redirect is active`);
  if (lines.some((l) => l.includes('warning'))) fail(`${name} ${mode}: the adapter warned`);
  const report = JSON.parse(fs.readFileSync(path.join(dist, 'nft-rs-adapter-report.json'), 'utf8'));
  const s = report.check.summary;
  // Webpack mode: Next's assets come from @vercel/nft's semantics, which nft-rs
  // matches, so a file nft-rs lacks is a failure. Turbopack lists files its server
  // never loads (README "Next.js": sharp-libvips' header, README and index.js, type
  // declarations): reported, and the routes below decide.
  if (s.missing && mode === 'webpack') fail(`${name} ${mode}: ${s.missing} files of Next's assets missing from nft-rs's traces`);
  else if (s.missing) console.log(`  ${s.missing} files of Turbopack's assets not in nft-rs's traces (files the server does not load; see the report)`);
  const serverJs = path.join(dist, 'standalone', relApp, 'server.js');
  if (!fs.existsSync(serverJs)) fail(`${name} ${mode}: no ${path.relative(work, serverJs)}`);
  const server = fs.existsSync(serverJs) ? fs.readFileSync(serverJs, 'utf8') : '';
  if (server && !server.startsWith('// Written by nft-rs')) fail(`${name} ${mode}: server.js is Next's, not nft-rs's`);

  const refMetaFile = `${refDist}.json`;
  const refMeta = fs.existsSync(refMetaFile) ? JSON.parse(fs.readFileSync(refMetaFile, 'utf8')) : null;
  const hasRef = fs.existsSync(path.join(refDist, 'BUILD_ID'));
  const span = traceSpan(dist, 'collect-build-traces');
  const refSpan = hasRef ? traceSpan(refDist, 'collect-build-traces') : null;
  const refBuild = hasRef ? traceSpan(refDist, 'next-build') : null;
  let traces = '-';
  if (mode === 'webpack' && hasRef) {
    const t = compareTraces(refDist, dist);
    traces = `${t.equal}/${t.total}`;
    for (const d of t.differ) console.log(`  trace differs: ${d}`);
  }
  if (mode === 'webpack' && refSpan !== null && span !== null && span * 5 > refSpan) {
    console.log(`  note: collect-build-traces ${secs(span)} is more than a fifth of Next's own ${secs(refSpan)}`);
  }

  const routes = spec.routes || [];
  let served = '-';
  let refStatuses = null;
  if (hasRef) {
    const refDir = path.join(work, `ref-${mode}`);
    const refServer = referenceServer(refDist, path.join(installed, relApp), relApp, refDir);
    if (refServer) refStatuses = await statuses(refServer, routes);
    fs.rmSync(refDir, { recursive: true, force: true });
  } else {
    console.log(`  no reference build at ${refDist} (scripts/next-e2e.js writes it): statuses not compared`);
  }
  const check = (label, statuses) => {
    let same = 0;
    routes.forEach((r, i) => {
      const want = refStatuses ? refStatuses[i] : null;
      const got = statuses[i];
      if (want !== null ? got === want : typeof got === 'number' && got < 500) same++;
      else fail(`${name} ${mode} ${label} ${r.action ? 'POST ' : ''}${r.path}: status ${got}${want !== null ? `, Next's standalone ${want}` : ''}`);
    });
    return `${same}/${routes.length}`;
  };
  if (server) served = check('standalone', await statuses(serverJs, routes));

  // Relocated and read-only: still serving, and no file holds the build path.
  let identical = '-';
  if (server && args.twice) identical = sameStandalone(args, name, spec, work, mode, env, path.join(dist, 'standalone'));

  let relocated = '-';
  if (server) {
    const moved = path.join(work, `moved-${mode}`);
    fs.renameSync(path.join(dist, 'standalone'), moved);
    const holders = containsBytes(moved, work);
    if (holders.length) fail(`${name} ${mode}: ${holders.length} files of the standalone folder hold the build path: ${holders.slice(0, 5).map((f) => path.relative(moved, f)).join(', ')}`);
    spawnSync('chmod', ['-R', 'a-w', moved]);
    relocated = check('relocated read-only', await statuses(path.join(moved, relApp, 'server.js'), routes));
    spawnSync('chmod', ['-R', 'u+w', moved]);
    fs.rmSync(moved, { recursive: true, force: true });
  }
  rows.push({ name, mode, build: secs(b.buildMs), refBuild: refBuild !== null ? secs(refBuild) : refMeta ? secs(refMeta.buildMs) : '-', span: mode === 'webpack' ? secs(span) : 'in Turbopack', refSpan: mode === 'webpack' ? secs(refSpan) : 'in Turbopack', check: `${s.equal}/${s.outputs} equal, ${s.missing} missing, ${s.extra} extra`, traces, served, relocated, identical });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  for (const f of [args.bin, args.native]) {
    if (!fs.existsSync(f)) throw new Error(`adapter-e2e: ${f} does not exist (cargo build --release -p nft-rs -p nft-rs-node --bin nft-rs --lib)`);
  }
  const rows = [];
  for (const name of args.apps) {
    const installed = path.join(cache, 'next', name);
    if (!fs.existsSync(path.join(installed, 'node_modules', 'next'))) {
      console.log(`adapter-e2e: skipped ${name}: not installed at ${installed} (scripts/install-test-deps.sh)`);
      continue;
    }
    const spec = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', 'next', name, 'e2e.json'), 'utf8'));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `nft-rs-adapter-${name}-`));
    try {
      copyApp(installed, path.join(work, 'app'));
      const modes = args.modes.length ? args.modes : spec.modes || ['webpack'];
      for (const mode of modes) await testMode(args, name, spec, work, mode, rows);
    } finally {
      if (args.keep) console.log(`kept ${work}`);
      else {
        spawnSync('chmod', ['-R', 'u+w', work]);
        fs.rmSync(work, { recursive: true, force: true });
      }
    }
  }
  console.log('\n| app | mode | next build with the adapter | without (reference) | collect-build-traces with | without | adapter check | traces equal to Next\'s | routes as Next\'s | relocated read-only | same bytes in a second build |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${r.mode} | ${r.build} | ${r.refBuild} | ${r.span} | ${r.refSpan} | ${r.check} | ${r.traces} | ${r.served} | ${r.relocated} | ${r.identical} |`);
  if (failures.length) {
    console.log(`\nadapter-e2e: ${failures.length} failures`);
    process.exit(1);
  }
  console.log('\nadapter-e2e: ok');
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
