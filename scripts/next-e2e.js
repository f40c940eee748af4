#!/usr/bin/env node
// End-to-end test of `nft-rs trace` on the Next.js apps under fixtures/next/.
//
// For each app and bundler mode: builds it with `next build` once (cached beside
// the installed app as the reference: Next's own traces and standalone folder),
// restores that build without its traces and standalone, runs `nft-rs trace`,
// then compares every .nft.json with Next's, boots both standalone servers on
// 127.0.0.1 and requests every route of the app's e2e.json, and checks that a
// second run (one thread) gives the same bytes and that a --relocatable output
// moved elsewhere and made read-only still serves every route and holds no build
// path.
//
// usage: node scripts/next-e2e.js --nft-rs BIN [--apps a,b] [--modes m,n] [--report FILE]
// The apps are installed by scripts/install-test-deps.sh into
// ${NFT_RS_CACHE:-~/.cache/nft-rs}/next/<app>.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const serve = require('./lib/serve');
const { serveAll } = serve;

const root = path.resolve(__dirname, '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');

function parseArgs(argv) {
  const args = { nftRs: null, apps: null, modes: null, report: null };
  for (let i = 0; i < argv.length; i++) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--nft-rs') args.nftRs = path.resolve(value), i++;
    else if (key === '--apps') args.apps = value.split(','), i++;
    else if (key === '--modes') args.modes = value.split(','), i++;
    else if (key === '--report') args.report = path.resolve(value), i++;
    else throw new Error(`unknown argument ${key}`);
  }
  if (!args.nftRs) throw new Error('--nft-rs BIN is required');
  return args;
}

const failures = [];
const report = [];
function fail(message) {
  failures.push(message);
  console.log(`  FAIL ${message}`);
}

function run(cmd, argv, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${cmd} ${argv.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, ms };
}

function rm(p) {
  if (!fs.existsSync(p)) return;
  spawnSync('chmod', ['-R', 'u+w', p]);
  fs.rmSync(p, { recursive: true, force: true });
}

function walk(dir, filter, out = [], skip = () => false) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.isSymbolicLink()) {
      if (!skip(p)) walk(p, filter, out, skip);
    } else if (filter(p, entry)) {
      out.push(p);
    }
  }
  return out;
}

function traceFiles(dist) {
  const skip = (p) => ['standalone', 'cache'].includes(path.relative(dist, p));
  return walk(dist, (p) => p.endsWith('.nft.json'), [], skip).map((p) => path.relative(dist, p)).sort();
}

/// A digest of every path, link target and file content under `dir`.
function treeHash(dir) {
  const hash = crypto.createHash('sha256');
  const files = walk(dir, () => true).sort();
  for (const file of files) {
    const stat = fs.lstatSync(file);
    hash.update(path.relative(dir, file) + '\0');
    if (stat.isSymbolicLink()) hash.update('link:' + fs.readlinkSync(file));
    else hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/// Milliseconds Next spent tracing, from `.next/trace` (a JSON array per line): the
/// first of `names` that occurs (`collect-build-traces` in Next 16,
/// `node-file-trace-build` in Next 15).
function traceSpan(dist, names) {
  const file = path.join(dist, 'trace');
  if (!fs.existsSync(file)) return null;
  const totals = new Map();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let events;
    try { events = JSON.parse(line); } catch { continue; }
    for (const e of events) {
      if (names.includes(e.name)) totals.set(e.name, (totals.get(e.name) || 0) + e.duration / 1000);
    }
  }
  const name = names.find((n) => totals.has(n));
  return name === undefined ? null : totals.get(name);
}

function build(appDir, mode, refDir) {
  const meta = `${refDir}.json`;
  if (fs.existsSync(path.join(refDir, 'BUILD_ID')) && fs.existsSync(meta)) {
    return JSON.parse(fs.readFileSync(meta, 'utf8'));
  }
  rm(refDir);
  rm(path.join(appDir, '.next'));
  // Next.js 15 builds with webpack by default and has no --webpack flag.
  const major = Number(require(require.resolve('next/package.json', { paths: [appDir] })).version.split('.')[0]);
  const flags = mode === 'webpack' && major >= 16 ? ['--webpack'] : [];
  const argv = ['next', 'build', ...flags];
  console.log(`  next build ${flags.join(' ')} (next@${major}, reference, cached)`);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const result = run('npx', argv, { cwd: appDir, env });
  const dist = path.join(appDir, '.next');
  const info = {
    buildMs: Math.round(result.ms),
    traceMs: traceSpan(dist, ['collect-build-traces', 'node-file-trace-build']),
  };
  fs.renameSync(dist, refDir);
  fs.writeFileSync(meta, JSON.stringify(info));
  return info;
}

/// Restores the reference build without Next's traces and standalone folder.
function restore(refDir, appDir) {
  const dist = path.join(appDir, '.next');
  rm(dist);
  run('cp', ['-a', refDir, dist]);
  rm(path.join(dist, 'standalone'));
  for (const rel of traceFiles(dist)) fs.rmSync(path.join(dist, rel));
  return dist;
}

/// Differences every app shows, explained once.
const COMMON_KNOWN = {
  'next-server.js.nft.json': {
    why: "next/dist/build/webpack/config/blocks/css/index.js require.resolve()s next/font/local/target.css; nft-rs follows it, @vercel/nft does not",
    files: ['/node_modules/next/font/local/target.css'],
  },
};

/// Differences every Turbopack build shows: Turbopack traces its own module
/// graph, nft-rs traces the files on disk with Turbopack's entries and ignores.
const TURBOPACK_KNOWN = {
  'next-server.js.nft.json': {
    why: "Turbopack's module graph also lists what no require() of the server loads at run time: both builds of dual packages (sharp/dist/*.mjs beside *.cjs), type declarations, the dev server's modules (server/dev, server/mcp), route-modules and metadata code the -turbo renderers bundle; nft-rs lists what the server's require()s reach, pruned at Turbopack's ignores",
  },
  'next-minimal-server.js.nft.json': {
    why: 'not used by the standalone folder; nft-rs keeps modules of the minimal runtime that Turbopack resolves elsewhere (@swc/helpers, next/dist/compiled/bytes)',
  },
};

function compareTraces(refDist, ourDist, mode, appKnown) {
  const known = { ...COMMON_KNOWN, ...(mode === 'turbopack' ? TURBOPACK_KNOWN : {}), ...appKnown };
  const lines = [];
  let equal = 0;
  let total = 0;
  for (const rel of traceFiles(refDist)) {
    total++;
    const ourFile = path.join(ourDist, rel);
    if (!fs.existsSync(ourFile)) {
      const why = known[rel] && known[rel].why;
      lines.push(`${rel}: not written${why ? ` (known: ${why})` : ''}`);
      if (!why && mode === 'webpack') fail(`${rel}: Next wrote it, nft-rs did not`);
      continue;
    }
    const ref = new Set(JSON.parse(fs.readFileSync(path.join(refDist, rel), 'utf8')).files);
    const ours = new Set(JSON.parse(fs.readFileSync(ourFile, 'utf8')).files);
    const onlyRef = [...ref].filter((f) => !ours.has(f));
    const onlyOurs = [...ours].filter((f) => !ref.has(f));
    if (!onlyRef.length && !onlyOurs.length) {
      equal++;
      continue;
    }
    // Known files are matched by suffix, so one entry covers apps at any depth; an
    // entry with a reason and no file list explains any difference of that trace.
    const allowed = known[rel] ? known[rel].files : [];
    const unexplained = allowed === undefined ? [] : [...onlyRef, ...onlyOurs].filter((f) => !allowed.some((a) => f.endsWith(a)));
    if (known[rel] && known[rel].why) lines.push(`${rel}: known: ${known[rel].why}`);
    lines.push(`${rel}: Next ${ref.size}, nft-rs ${ours.size}; only Next ${onlyRef.length}, only nft-rs ${onlyOurs.length}`);
    for (const f of onlyRef.slice(0, 5)) lines.push(`    - ${f}`);
    for (const f of onlyOurs.slice(0, 5)) lines.push(`    + ${f}`);
    if (mode === 'webpack' && unexplained.length) {
      fail(`${rel}: differs from Next's (${unexplained.slice(0, 3).join(', ')})`);
    }
  }
  for (const rel of traceFiles(ourDist)) {
    if (!fs.existsSync(path.join(refDist, rel))) lines.push(`${rel}: written by nft-rs only`);
  }
  return { equal, total, lines };
}

/// Files and bytes of a standalone folder as Next writes it: without the
/// `public/` and `.next/static` copies its docs ask for, and without the
/// caches a server run leaves (images, regenerated ISR pages).
function standaloneSize(dir, relApp) {
  const app = path.join(dir, relApp);
  const skipped = ['public', '.next/static', '.next/cache', '.next/server/route-cache'].map((p) => path.join(app, p));
  let files = 0;
  let bytes = 0;
  for (const file of walk(dir, () => true, [], (p) => skipped.includes(p))) {
    if (skipped.some((s) => file.startsWith(s + path.sep))) continue;
    files++;
    bytes += fs.lstatSync(file).size;
  }
  return { files, bytes };
}

/// The answers of two servers compared; each route that differs is a failure.
function compareAnswers(label, routes, ref, ours) {
  const { same, failures: differ } = serve.compareAnswers(label, routes, ref, ours);
  differ.forEach(fail);
  return same;
}

/// Copies public/ and .next/static into Next's own standalone (its docs' manual step).
function completeReference(refDir, appDir, relApp) {
  const target = path.join(refDir, 'standalone', relApp);
  const pub = path.join(appDir, 'public');
  if (fs.existsSync(pub) && !fs.existsSync(path.join(target, 'public'))) run('cp', ['-a', pub, path.join(target, 'public')]);
  const statics = path.join(target, '.next', 'static');
  if (!fs.existsSync(statics)) run('cp', ['-a', path.join(refDir, 'static'), statics]);
  // Prerendered pages are fresh or stale by their age: deploy both outputs "now".
  const now = new Date();
  for (const file of walk(path.join(target, '.next'), (p, e) => e.isFile())) fs.utimesSync(file, now, now);
  rm(path.join(target, '.next', 'server', 'route-cache'));
  return path.join(target, 'server.js');
}

function containsBytes(dir, needle) {
  const hits = [];
  const buffer = Buffer.from(needle);
  for (const file of walk(dir, (p, e) => e.isFile())) {
    if (fs.readFileSync(file).includes(buffer)) hits.push(path.relative(dir, file));
  }
  return hits;
}

async function testApp(args, name, mode) {
  const fixture = path.join(root, 'fixtures', 'next', name);
  const spec = JSON.parse(fs.readFileSync(path.join(fixture, 'e2e.json'), 'utf8'));
  const install = path.join(cache, 'next', name);
  if (!fs.existsSync(path.join(install, 'node_modules'))) {
    throw new Error(`${install} is not installed: run scripts/install-test-deps.sh next/${name}`);
  }
  const appDir = path.join(install, spec.app);
  const relApp = path.relative(install, appDir);
  const refDir = path.join(install, `.ref-${mode}`);
  console.log(`${name} (${mode})`);
  const info = build(appDir, mode, refDir);
  const dist = restore(refDir, appDir);

  const traced = run(args.nftRs, ['trace', appDir, '--with-static', '--json']);
  const summary = JSON.parse(traced.stdout);
  if (summary.mode !== mode) fail(`${name}: detected ${summary.mode}, built ${mode}`);
  const traces = compareTraces(refDir, dist, mode, (spec.knownDifferences || {})[mode] || {});
  for (const line of traces.lines) console.log(`  ${line}`);
  console.log(`  traces equal to Next's: ${traces.equal}/${traces.total}`);

  const refSize = standaloneSize(path.join(refDir, 'standalone'), relApp);
  const ourSize = standaloneSize(path.join(dist, 'standalone'), relApp);
  const mb = (b) => (b / 1e6).toFixed(1);
  console.log(`  standalone: Next ${refSize.files} files, ${mb(refSize.bytes)} MB; nft-rs ${ourSize.files} files, ${mb(ourSize.bytes)} MB`);
  if (mode === 'turbopack' && (ourSize.files > refSize.files || ourSize.bytes > refSize.bytes)) {
    fail(`${name} (${mode}): the standalone folder is larger than Next's`);
  }

  // Same bytes again, on one thread.
  const first = treeHash(path.join(dist, 'standalone')) + traceFiles(dist).map((f) => fs.readFileSync(path.join(dist, f), 'utf8')).join();
  const firstTraces = traceFiles(dist).map((f) => [f, fs.readFileSync(path.join(dist, f))]);
  run(args.nftRs, ['trace', appDir, '--with-static', '--threads', '1']);
  const second = treeHash(path.join(dist, 'standalone')) + traceFiles(dist).map((f) => fs.readFileSync(path.join(dist, f), 'utf8')).join();
  if (first !== second) fail(`${name} (${mode}): a second run (1 thread) wrote different bytes`);
  for (const [f, bytes] of firstTraces) if (!bytes.equals(fs.readFileSync(path.join(dist, f)))) fail(`${f} changed between runs`);

  const routes = spec.routes;
  const refServer = completeReference(refDir, appDir, relApp);
  const refAnswers = await serveAll(refServer, routes);
  const ourAnswers = await serveAll(path.join(dist, 'standalone', relApp, 'server.js'), routes);
  const same = compareAnswers(`${name} (${mode})`, routes, refAnswers, ourAnswers);
  console.log(`  routes answered as Next's standalone does: ${same}/${routes.length}`);

  // --relocatable: moved, read-only, no build path inside.
  run(args.nftRs, ['trace', appDir, '--with-static', '--relocatable']);
  const moved = fs.mkdtempSync(path.join(os.tmpdir(), 'nft-rs-moved-'));
  const movedStandalone = path.join(moved, 'srv');
  fs.renameSync(path.join(dist, 'standalone'), movedStandalone);
  let relocatedSame = 0;
  try {
    const leaks = containsBytes(movedStandalone, install);
    if (leaks.length) fail(`${name} (${mode}) --relocatable: build path in ${leaks.slice(0, 5).join(', ')}`);
    run('chmod', ['-R', 'a-w', movedStandalone]);
    const movedAnswers = await serveAll(path.join(movedStandalone, relApp, 'server.js'), routes.filter((r) => !r.action));
    relocatedSame = compareAnswers(`${name} (${mode}) relocated`, routes.filter((r) => !r.action), refAnswers.filter((_, i) => !routes[i].action), movedAnswers);
    console.log(`  relocated read-only copy: ${relocatedSame}/${routes.filter((r) => !r.action).length} routes, ${leaks.length} files with the build path`);
  } finally {
    rm(moved);
  }
  // --dereference: no link left, every route still served.
  run(args.nftRs, ['trace', appDir, '--with-static', '--dereference']);
  const standalone = path.join(dist, 'standalone');
  const links = walk(standalone, (p, e) => e.isSymbolicLink());
  if (links.length) fail(`${name} (${mode}) --dereference: ${links.length} links left, e.g. ${links[0]}`);
  const plain = routes.filter((r) => !r.action);
  const derefAnswers = await serveAll(path.join(standalone, relApp, 'server.js'), plain);
  const derefSame = compareAnswers(`${name} (${mode}) dereferenced`, plain, refAnswers.filter((_, i) => !routes[i].action), derefAnswers);
  console.log(`  dereferenced copy: ${derefSame}/${plain.length} routes, ${links.length} links`);

  // --include/--exclude on the command line, on top of the config's.
  if (spec.cliRules) {
    run(args.nftRs, ['trace', appDir, ...spec.cliRules.args]);
    for (const want of spec.cliRules.expect) {
      const files = JSON.parse(fs.readFileSync(path.join(dist, want.trace), 'utf8')).files;
      if (want.has && !files.includes(want.has)) fail(`${name} (${mode}) ${want.trace}: --include did not add ${want.has}`);
      if (want.lacks && files.includes(want.lacks)) fail(`${name} (${mode}) ${want.trace}: still lists ${want.lacks}`);
    }
    console.log(`  --include/--exclude: ${spec.cliRules.expect.length} checks`);
  }

  // The build guard (issue 22): each rule runs `nft-rs trace` with its args and
  // checks the exit code and what stderr says (an include glob pulling in a large
  // folder is named with its bytes; --max-bytes below the total names packages).
  for (const rule of spec.guardRules || []) {
    const r = spawnSync(args.nftRs, ['trace', appDir, ...rule.args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const what = `${name} (${mode}) nft-rs trace ${rule.args.join(' ')}`;
    if (r.status !== rule.exit) fail(`${what}: exit ${r.status}, expected ${rule.exit}: ${r.stderr.slice(-500)}`);
    for (const text of rule.stderrHas || []) {
      if (!r.stderr.includes(text)) fail(`${what}: stderr lacks ${JSON.stringify(text)}: ${r.stderr.slice(-500)}`);
    }
    if (rule.exit !== 0 && r.stdout !== '') fail(`${what}: stdout is not empty on failure`);
  }
  if (spec.guardRules) console.log(`  build guard: ${spec.guardRules.length} checks`);

  report.push({
    app: name,
    mode,
    nftRsMs: Math.round(traced.ms),
    nextTraceMs: info.traceMs === null ? null : Math.round(info.traceMs),
    nextBuildMs: info.buildMs,
    tracesEqual: `${traces.equal}/${traces.total}`,
    routes: `${same}/${routes.length}`,
    standaloneFiles: summary.standalone && summary.standalone.files,
    nextStandalone: refSize,
    ourStandalone: ourSize,
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const apps = args.apps || fs.readdirSync(path.join(root, 'fixtures', 'next')).sort();
  for (const name of apps) {
    const spec = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', 'next', name, 'e2e.json'), 'utf8'));
    for (const mode of spec.modes) {
      if (args.modes && !args.modes.includes(mode)) continue;
      try {
        await testApp(args, name, mode);
      } catch (e) {
        fail(`${name} (${mode}): ${e.message}`);
      }
    }
  }
  console.log('\n| app | mode | `nft-rs trace` | Next tracing | whole `next build` | traces equal | routes |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  const secs = (ms) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
  for (const r of report) {
    console.log(`| ${r.app} | ${r.mode} | ${secs(r.nftRsMs)} | ${secs(r.nextTraceMs)} | ${secs(r.nextBuildMs)} | ${r.tracesEqual} | ${r.routes} |`);
  }
  console.log('\n| app | mode | Next standalone | nft-rs standalone | traces equal | routes answered the same |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  const size = (s) => `${s.files} files, ${(s.bytes / 1e6).toFixed(1)} MB`;
  for (const r of report) {
    console.log(`| ${r.app} | ${r.mode} | ${size(r.nextStandalone)} | ${size(r.ourStandalone)} | ${r.tracesEqual} | ${r.routes} |`);
  }
  if (args.report) fs.writeFileSync(args.report, JSON.stringify(report, null, 2) + '\n');
  if (failures.length) {
    console.log(`\n${failures.length} failure(s)`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
