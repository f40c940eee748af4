#!/usr/bin/env node
// Nix store builds of the fixture Next.js apps (issue 21), end to end, offline.
//
// For each app under fixtures/next/ and fixtures/nix/ (this test's own: an app-router
// app with an ISR page and next/image, on the node_modules of an installed set) and
// each bundler mode it builds (the reference builds scripts/next-e2e.js caches as
// `.ref-<mode>` beside the installed app, made here the same way when missing), it
// 1. copies the built app into two different directories and runs
//    scripts/nix-standalone.sh on each: two derivations, two /nix/store paths, whose
//    contents (NAR hashes) must be equal;
// 2. checks the store path: no absolute or dangling symlink, no file naming the build
//    directories (either copy, the install, the Nix build directory);
// 3. serves every route from the store path, as an unprivileged user when run as root
//    (the store is then truly read-only to the server), with NFT_RS_CACHE_DIR set,
//    and compares status, key headers and body with Next's own standalone server;
// 4. ISR: every route of prerender-manifest.json with a revalidate time is requested
//    until its regenerated page lands in NFT_RS_CACHE_DIR (store files have mtime 1,
//    so the prerendered page is stale at once and Next regenerates it);
//    images: every /_next/image URL found in the pages is requested twice (MISS, then
//    HIT with the same bytes) and must be in NFT_RS_CACHE_DIR/images; a restarted
//    server answers both from the cache directory (HIT);
// 5. the server logs no EACCES/EROFS and the store path still verifies
//    (`nix-store --verify-path`): nothing under it was written.
//
// usage: node scripts/nix-e2e.js --nft-rs BIN [--apps a,b] [--modes m,n]
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { NOBODY, asRoot, boot, compareAnswers, request, serveAll, stop } = require('./lib/serve');

const root = path.resolve(__dirname, '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =\nexperimental-features = nix-command flakes';

function parseArgs(argv) {
  const args = { apps: null, modes: null };
  for (let i = 0; i < argv.length; i++) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--nft-rs') args.nftRs = path.resolve(value), i++;
    else if (key === '--apps') args.apps = value.split(','), i++;
    else if (key === '--modes') args.modes = value.split(','), i++;
    else throw new Error(`unknown argument ${key}`);
  }
  if (!args.nftRs) throw new Error('--nft-rs BIN is required');
  return args;
}

function fail(message) {
  throw new Error(message);
}

function run(cmd, argv, options = {}) {
  const result = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${argv.join(' ')} exited ${result.status}:\n${(result.stderr || '').slice(-4000)}\n${result.stdout || ''}`);
  }
  return result;
}

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    out.push([p, entry]);
    if (entry.isDirectory()) walk(p, out);
  }
  return out;
}

/// The reference build, as scripts/next-e2e.js makes and caches it.
function referenceBuild(appDir, mode, refDir) {
  if (fs.existsSync(path.join(refDir, 'BUILD_ID')) && fs.existsSync(`${refDir}.json`)) return;
  const major = Number(require(require.resolve('next/package.json', { paths: [appDir] })).version.split('.')[0]);
  const flags = mode === 'webpack' && major >= 16 ? ['--webpack'] : [];
  console.log(`  next build ${flags.join(' ')} (next@${major}, reference, cached)`);
  fs.rmSync(refDir, { recursive: true, force: true });
  fs.rmSync(path.join(appDir, '.next'), { recursive: true, force: true });
  const started = Date.now();
  // One heavy build at a time on a shared machine (util-linux flock, when present).
  const argv = ['npx', 'next', 'build', ...flags];
  const locked = spawnSync('flock', ['--version']).status === 0 ? ['flock', '/tmp/nft-next.lock', ...argv] : argv;
  run(locked[0], locked.slice(1), { cwd: appDir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  const buildMs = Date.now() - started;
  const dist = path.join(appDir, '.next');
  let traceMs = null;
  const traceFile = path.join(dist, 'trace');
  if (fs.existsSync(traceFile)) {
    for (const line of fs.readFileSync(traceFile, 'utf8').split('\n')) {
      let events;
      try { events = JSON.parse(line); } catch { continue; }
      for (const e of events) {
        if (e.name === 'collect-build-traces' || e.name === 'node-file-trace-build') traceMs = (traceMs || 0) + e.duration / 1000;
      }
    }
  }
  fs.renameSync(dist, refDir);
  fs.writeFileSync(`${refDir}.json`, JSON.stringify({ buildMs, traceMs }));
}

/// A copy of the installed app at `dest` (hard links; `.next` a link to the reference build).
function copyApp(install, relApp, refDir, dest) {
  if (fs.existsSync(dest)) fail(`${dest} exists`);
  fs.mkdirSync(dest, { recursive: true });
  for (const name of fs.readdirSync(install)) {
    if (name.startsWith('.ref-') || name === '.next') continue;
    const r = spawnSync('cp', ['-al', path.join(install, name), path.join(dest, name)]);
    if (r.status !== 0) run('cp', ['-a', path.join(install, name), path.join(dest, name)]);
  }
  const appDir = path.join(dest, relApp);
  fs.rmSync(path.join(appDir, '.next'), { recursive: true, force: true });
  fs.symlinkSync(refDir, path.join(appDir, '.next'));
  return appDir;
}

function nixStandalone(appDir, nftRs) {
  const result = run(path.join(root, 'scripts', 'nix-standalone.sh'), [appDir], {
    env: { ...process.env, NFT_RS_BIN: nftRs },
  });
  const lines = result.stdout.trim().split('\n');
  const out = lines[lines.length - 1];
  if (!out.startsWith('/nix/store/')) fail(`nix-standalone.sh printed no store path:\n${result.stdout}`);
  return out;
}

function nix(cmd, argv) {
  return run(cmd, argv, { env: { ...process.env, NIX_CONFIG } }).stdout.trim();
}

/// sha256 of the store path's NAR with its own hash part blanked: two store paths of
/// different derivations name themselves (bin/ wrapper), all else must be the same bytes.
function narHashModuloSelf(out) {
  const nar = spawnSync('nix-store', ['--dump', out], { maxBuffer: 1 << 30, env: { ...process.env, NIX_CONFIG } });
  if (nar.status !== 0) fail(`nix-store --dump ${out}: ${nar.stderr}`);
  const self = Buffer.from(path.basename(out).slice(0, 32));
  const bytes = nar.stdout;
  for (let i = bytes.indexOf(self); i !== -1; i = bytes.indexOf(self, i + 32)) bytes.fill('x', i, i + 32);
  return require('node:crypto').createHash('sha256').update(bytes).digest('hex');
}

function checkStorePath(out, forbidden) {
  const problems = [];
  for (const [p, entry] of walk(out)) {
    if (entry.isSymbolicLink()) {
      const target = fs.readlinkSync(p);
      if (path.isAbsolute(target)) problems.push(`absolute link ${p} -> ${target}`);
      else if (!fs.existsSync(p)) problems.push(`dangling link ${p} -> ${target}`);
    } else if (entry.isFile()) {
      const bytes = fs.readFileSync(p);
      for (const dir of forbidden) if (bytes.includes(Buffer.from(dir))) problems.push(`${p} names ${dir}`);
    }
  }
  if (problems.length) fail(`${out}:\n  ${problems.slice(0, 10).join('\n  ')}`);
}

/// How the servers of this test run: as the unprivileged user when we are root, from
/// a neutral directory.
const serverOptions = (env = {}) => ({ cwd: os.tmpdir(), env, unprivileged: true });

/// Next's own standalone server of the reference build, completed by hand as its docs
/// say (public/, .next/static), in a private copy.
function nextStandalone(refDir, appDir, relApp, work) {
  const copy = path.join(work, 'next-standalone');
  run('cp', ['-a', path.join(refDir, 'standalone'), copy]);
  const target = path.join(copy, relApp);
  const pub = path.join(appDir, 'public');
  if (fs.existsSync(pub) && !fs.existsSync(path.join(target, 'public'))) run('cp', ['-a', pub, path.join(target, 'public')]);
  if (!fs.existsSync(path.join(target, '.next', 'static'))) run('cp', ['-a', path.join(refDir, 'static'), path.join(target, '.next', 'static')]);
  fs.rmSync(path.join(target, '.next', 'server', 'route-cache'), { recursive: true, force: true });
  if (asRoot) run('chown', ['-R', `${NOBODY}:${NOBODY}`, copy]);
  return path.join(target, 'server.js');
}

function imageUrls(answers) {
  const urls = new Set();
  for (const a of answers) {
    for (const m of a.body.matchAll(/(?:src|srcSet)="(\/_next\/image\?[^"\s]+)/g)) urls.add(m[1].replace(/&amp;/g, '&'));
  }
  return [...urls].sort();
}

function isrRoutes(refDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(refDir, 'prerender-manifest.json'), 'utf8'));
  return Object.entries(manifest.routes || {})
    .filter(([, r]) => typeof r.initialRevalidateSeconds === 'number')
    .map(([route]) => route)
    .sort();
}

function filesUnder(dir) {
  return fs.existsSync(dir) ? walk(dir).filter(([, e]) => e.isFile()).map(([p]) => path.relative(dir, p)) : [];
}

async function waitFor(what, test) {
  for (let i = 0; i < 200; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  fail(`never happened: ${what}`);
}

/// fixtures/nix/<app>: an app of this test's own, with no dependencies of its own: its
/// e2e.json names an installed set whose node_modules (pinned by that set's lockfile)
/// it runs on, hard-linked. Installed under <cache>/nix/<app>, keyed by its sources.
function installOwnApp(name) {
  const fixture = path.join(root, 'fixtures', 'nix', name);
  const spec = JSON.parse(fs.readFileSync(path.join(fixture, 'e2e.json'), 'utf8'));
  const from = path.join(cache, spec.nodeModulesFrom);
  if (!fs.existsSync(path.join(from, 'node_modules'))) {
    throw new Error(`${from} is not installed: run scripts/install-test-deps.sh ${spec.nodeModulesFrom}`);
  }
  const hash = require('node:crypto').createHash('sha256');
  for (const [p, e] of walk(fixture).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (e.isFile()) hash.update(path.relative(fixture, p)).update('\0').update(fs.readFileSync(p));
  }
  for (const lock of ['.lock-sha256', 'package-lock.json']) {
    if (fs.existsSync(path.join(from, lock))) hash.update(fs.readFileSync(path.join(from, lock)));
  }
  const want = hash.digest('hex');
  const install = path.join(cache, 'nix', name);
  const stamp = path.join(install, '.sources-sha256');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return install;
  console.log(`  installing ${name} into ${install} (node_modules of ${spec.nodeModulesFrom})`);
  fs.rmSync(install, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(install), { recursive: true });
  run('cp', ['-r', fixture, install]);
  const copied = spawnSync('cp', ['-al', path.join(from, 'node_modules'), path.join(install, 'node_modules')]);
  if (copied.status !== 0) run('cp', ['-a', path.join(from, 'node_modules'), path.join(install, 'node_modules')]);
  fs.writeFileSync(stamp, want);
  return install;
}

async function testApp(args, set, mode, work) {
  const [group, name] = set.split('/');
  const spec = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', group, name, 'e2e.json'), 'utf8'));
  const install = group === 'nix' ? installOwnApp(name) : path.join(cache, 'next', name);
  if (!fs.existsSync(path.join(install, 'node_modules'))) {
    throw new Error(`${install} is not installed: run scripts/install-test-deps.sh next/${name}`);
  }
  const relApp = spec.app === '.' ? '' : spec.app;
  const refDir = path.join(install, `.ref-${mode}`);
  console.log(`${name} (${mode})`);
  referenceBuild(path.join(install, relApp), mode, refDir);

  // 1. Two directories, two derivations, the same contents.
  const dirA = path.join(work, mode, 'a', name);
  const dirB = path.join(work, mode, 'b', 'deeper', name);
  const appA = copyApp(install, relApp, refDir, dirA);
  const appB = copyApp(install, relApp, refDir, dirB);
  const started = Date.now();
  const outA = nixStandalone(appA, args.nftRs);
  const buildMs = Date.now() - started;
  const outB = nixStandalone(appB, args.nftRs);
  if (outA === outB) fail(`${name} (${mode}): both directories gave one derivation (${outA}); the second build proved nothing`);
  const [hashA, hashB] = [narHashModuloSelf(outA), narHashModuloSelf(outB)];
  if (hashA !== hashB) {
    const diff = spawnSync('diff', ['-r', '--brief', outA, outB], { encoding: 'utf8' }).stdout;
    fail(`${name} (${mode}): two build directories, different contents:\n${diff.slice(0, 2000)}`);
  }
  console.log(`  store path ${outA}`);
  console.log(`  second directory: ${outB}, same contents (NAR sha256 modulo the own store path: ${hashA})`);

  // 2. Nothing Nix rejects, nothing naming the build.
  const json = JSON.parse(fs.readFileSync(path.join(refDir, 'required-server-files.json'), 'utf8'));
  checkStorePath(outA, [dirA, dirB, install, json.config.outputFileTracingRoot, '/tmp/nix-build-'].filter(Boolean));
  const bins = fs.readdirSync(path.join(outA, 'bin'));
  if (bins.length !== 1) fail(`${outA}/bin holds ${bins.join(', ')}`);

  // 3. Every route, from the read-only store path, as Next's own standalone answers it.
  const routes = spec.routes.filter((r) => !r.action);
  const cacheDir = path.join(work, `cache-${name}-${mode}`);
  fs.mkdirSync(cacheDir);
  if (asRoot) fs.chownSync(cacheDir, NOBODY, NOBODY);
  const env = { NFT_RS_CACHE_DIR: cacheDir };
  const refServerJs = nextStandalone(refDir, path.join(install, relApp), relApp, work);
  const refAnswers = await serveAll([process.execPath, refServerJs], routes, serverOptions());
  fs.rmSync(path.join(work, 'next-standalone'), { recursive: true, force: true });

  const server = await boot([path.join(outA, 'bin', bins[0])], serverOptions(env));
  const images = imageUrls(refAnswers);
  const isr = isrRoutes(refDir);
  const regenerated = new Map();
  let same = 0;
  try {
    const answers = [];
    for (const route of routes) answers.push(await request(server.base, route));
    const compared = compareAnswers(`${name} (${mode}) from the store`, routes, refAnswers, answers);
    compared.failures.forEach(fail);
    same = compared.same;
    console.log(`  routes served from the store path as Next's standalone does: ${same}/${routes.length}`);

    // 4. ISR regenerated into the cache directory; images optimised and cached there.
    // On-demand revalidation, as `res.revalidate()` asks for it: no clock involved.
    const previewModeId = JSON.parse(fs.readFileSync(path.join(refDir, 'prerender-manifest.json'), 'utf8')).preview.previewModeId;
    for (const route of isr) {
      const base = path.posix.basename(route === '/' ? '/index' : route);
      const revalidated = await request(server.base, { path: route, headers: { 'x-prerender-revalidate': previewModeId } });
      if (revalidated.status !== 200 || revalidated.cache !== 'REVALIDATED') fail(`${name} (${mode}) ISR ${route} revalidation: ${revalidated.status} ${revalidated.cache}`);
      let written;
      await waitFor(`${route} regenerated into ${cacheDir}`, () =>
        (written = filesUnder(cacheDir).find((f) => path.basename(f) === `${base}.html`)));
      const again = await request(server.base, { path: route });
      if (again.status !== 200 || again.body !== fs.readFileSync(path.join(cacheDir, written), 'utf8')) {
        fail(`${name} (${mode}) ISR ${route} after revalidation: ${again.status}, not the regenerated page`);
      }
      const before = refAnswers[routes.findIndex((r) => r.path === route)];
      if (spec.isrRegeneratesContent && before && before.body === again.body) {
        fail(`${name} (${mode}) ISR ${route}: the regenerated page is the prerendered one`);
      }
      regenerated.set(route, written);
    }
    for (const url of images) {
      const first = await request(server.base, { path: url });
      const second = await request(server.base, { path: url });
      if (first.status !== 200 || !/^image\//.test(first.headers['content-type'] || '')) fail(`${name} (${mode}) ${url}: ${first.status} ${first.headers['content-type']}`);
      if (second.cache !== 'HIT' || !second.bytes.equals(first.bytes)) fail(`${name} (${mode}) ${url}: second answer ${second.cache}, ${second.bytes.length} bytes`);
    }
    if (images.length && filesUnder(path.join(cacheDir, 'images')).length === 0) {
      fail(`${name} (${mode}): no optimised image in ${cacheDir}/images`);
    }
  } finally {
    await stop(server);
  }
  if (/EACCES|EROFS|EPERM/.test(server.output())) fail(`${name} (${mode}): the server tried to write outside NFT_RS_CACHE_DIR:\n${server.output()}`);

  // A restarted server answers from the cache directory.
  if (isr.length || images.length) {
    const again = await boot([path.join(outA, 'bin', bins[0])], serverOptions(env));
    try {
      for (const url of images) {
        const answer = await request(again.base, { path: url });
        if (answer.cache !== 'HIT') fail(`${name} (${mode}) ${url} after a restart: ${answer.cache}, not read from ${cacheDir}`);
      }
      for (const route of isr) {
        const answer = await request(again.base, { path: route });
        const page = fs.readFileSync(path.join(cacheDir, regenerated.get(route)), 'utf8');
        if (answer.status !== 200 || answer.body !== page) fail(`${name} (${mode}) ISR ${route} after a restart: ${answer.status} ${answer.cache}, not the page regenerated into ${cacheDir}`);
      }
    } finally {
      await stop(again);
    }
    console.log(`  ISR routes regenerated into NFT_RS_CACHE_DIR: ${isr.join(', ') || 'none'}; optimised images cached: ${images.length}; both HIT after a restart`);
  }

  // 5. The store path is as Nix registered it.
  nix('nix-store', ['--verify-path', outA]);
  const files = walk(path.join(outA, 'share')).filter(([, e]) => e.isFile()).length;
  console.log(`  verified: ${files} files, nothing written under the store path`);
  return { app: name, mode, store: outA, buildMs, files, routes: `${same}/${routes.length}`, isr: isr.length, images: images.length };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const all = ['next', 'nix'].flatMap((group) =>
    fs.readdirSync(path.join(root, 'fixtures', group)).sort().map((name) => `${group}/${name}`));
  const sets = args.apps ? all.filter((set) => args.apps.includes(set.split('/')[1])) : all;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nft-rs-nix-'));
  fs.chmodSync(work, 0o755);
  const report = [];
  try {
    for (const set of sets) {
      const spec = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', set, 'e2e.json'), 'utf8'));
      for (const mode of spec.modes) {
        if (args.modes && !args.modes.includes(mode)) continue;
        report.push(await testApp(args, set, mode, work));
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log('\n| app | mode | nix-standalone.sh | files | routes from the store | ISR routes | images |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of report) {
    console.log(`| ${r.app} | ${r.mode} | ${(r.buildMs / 1000).toFixed(1)} s | ${r.files} | ${r.routes} | ${r.isr} | ${r.images} |`);
  }
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
