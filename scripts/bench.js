#!/usr/bin/env node
// Side-by-side benchmark (issue 7): nft-rs against @vercel/nft 1.11.5 on the same
// entries with the same options, alternating the two tools run by run, cold (a
// fresh process each time). Reports median wall time, the ratio, peak memory
// (/usr/bin/time), nft-rs on 1 and 2 threads, the parse floor (every JavaScript
// file of nft-rs's trace read and parsed once by examples/parse_floor on the same
// threads), and `nft-rs trace` on a Next.js app beside the tracing time Next
// itself recorded in .next/trace.
//
// usage: node scripts/bench.js [--runs N] [--only a,b] [--json FILE] [--next-root DIR]
//
// --next-root DIR runs the Next.js part on a copy of the app made in DIR (another
// file system: a fresh standalone folder's cost is the file system's cost of
// creating ~2,000 files; see the README).
// Needs: cargo build --release --example parse_floor (and the nft-rs binary);
// scripts/install-test-deps.sh (corpus, ref, next/app-router).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const corpus = path.join(cache, 'corpus');
const nftRs = path.join(root, 'target', 'release', 'nft-rs');
const floorBin = path.join(root, 'target', 'release', 'examples', 'parse_floor');

const INPUTS = [
  { name: 'next-server.js (next@16.4.6)', entry: 'node_modules/next/dist/server/next-server.js' },
  { name: 'typescript', entry: 'entries/typescript.js' },
  { name: 'firebase-admin', entry: 'entries/firebase-admin.js' },
  { name: '@aws-sdk/client-s3', entry: 'entries/aws-s3.js' },
  { name: '@google-cloud/firestore', entry: 'entries/firestore.js' },
];

function parseArgs(argv) {
  const args = { runs: 5, only: null, json: null, nextRoot: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--only') args.only = argv[++i].split(',');
    else if (argv[i] === '--json') args.json = path.resolve(argv[++i]);
    else if (argv[i] === '--next-root') args.nextRoot = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

/// Runs a command under /usr/bin/time; returns wall ms, peak RSS in MB and stdout.
function timed(cmd, argv, cwd) {
  const rss = path.join(os.tmpdir(), `nft-rs-bench-${process.pid}.time`);
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rss, cmd, ...argv], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr}`);
  const kb = Number(fs.readFileSync(rss, 'utf8').trim().split('\n').pop());
  fs.rmSync(rss, { force: true });
  return { ms, mb: kb / 1024, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function nodeVersion() {
  return process.versions.node.split('.').slice(0, 2).join('.');
}

function benchInput(input, runs) {
  const samples = { rs2: [], rs1: [], nft: [], rs2mb: [], nftmb: [] };
  let files = [];
  const steps = [
    () => {
      const ours = timed(nftRs, ['print', '--node-version', nodeVersion(), '--threads', '2', input.entry], corpus);
      samples.rs2.push(ours.ms);
      samples.rs2mb.push(ours.mb);
      files = ours.stdout.split('\n').filter(Boolean);
    },
    () => {
      const ref = timed('node', [path.join(root, 'scripts', 'nft-ref.js'), input.entry], corpus);
      samples.nft.push(ref.ms);
      samples.nftmb.push(ref.mb);
    },
    () => {
      samples.rs1.push(timed(nftRs, ['print', '--node-version', nodeVersion(), '--threads', '1', input.entry], corpus).ms);
    },
  ];
  // The order rotates run by run, so that each tool follows each other one equally
  // often: on this VM a process that starts right after nft (which frees ~0.5 GB)
  // pays for faulting that memory back in from the host.
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < steps.length; k++) steps[(i + k) % steps.length]();
  }
  // Warm: a cache filled by one run, then timed runs that reuse it.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nft-rs-bench-cache-'));
  const cached = ['print', '--node-version', nodeVersion(), '--threads', '2', '--cache', cacheDir, input.entry];
  timed(nftRs, cached, corpus);
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(timed(nftRs, cached, corpus).ms);
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const js = files.filter((f) => /\.(c|m)?js$/.test(f)).map((f) => path.join(corpus, f));
  const floor = {};
  for (const threads of [1, 2]) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(floorBin, ['--threads', String(threads), ...js], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`parse_floor failed: ${r.stderr}`);
      times.push(JSON.parse(r.stdout).ms);
    }
    floor[threads] = median(times);
  }
  return {
    name: input.name,
    files: files.length,
    jsFiles: js.length,
    nftMs: median(samples.nft),
    rs2Ms: median(samples.rs2),
    rs1Ms: median(samples.rs1),
    warmMs: median(warm),
    nftMb: Math.max(...samples.nftmb),
    rsMb: Math.max(...samples.rs2mb),
    floor1Ms: floor[1],
    floor2Ms: floor[2],
  };
}

/// `nft-rs trace` on the cached webpack build of a Next.js fixture app
/// (fixtures/next/NAME, built by scripts/next-e2e.js), beside the
/// `collect-build-traces` span Next recorded for the same build.
function benchNext(name, runs, nextRoot) {
  const spec = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', 'next', name, 'e2e.json'), 'utf8'));
  let install = path.join(cache, 'next', name);
  if (!fs.existsSync(`${path.join(install, '.ref-webpack')}.json`)) return null;
  if (nextRoot) {
    const copy = path.join(nextRoot, name);
    if (!fs.existsSync(copy)) spawnSync('cp', ['-a', install, copy]);
    install = copy;
  }
  const appDir = path.join(install, spec.app);
  const ref = path.join(install, '.ref-webpack');
  const { traceMs } = JSON.parse(fs.readFileSync(`${ref}.json`, 'utf8'));
  const nextPkg = [appDir, install].map((d) => path.join(d, 'node_modules', 'next', 'package.json')).find((f) => fs.existsSync(f));
  if (!nextPkg) throw new Error(`${install}: next is not installed (scripts/install-test-deps.sh next/${name})`);
  const nextVersion = JSON.parse(fs.readFileSync(nextPkg, 'utf8')).version.split('.')[0];
  const dist = path.join(appDir, '.next');
  fs.rmSync(dist, { recursive: true, force: true });
  spawnSync('cp', ['-a', ref, dist]);
  const times = { traces: [], all: [], fresh: [], warmTraces: [], warmAll: [] };
  let mb = 0;
  // Cold: no analysis cache, over the standalone folder `next build` wrote (its
  // files with the same bytes are linked, not copied again); fresh: no standalone
  // folder at all. Warm: the default cache in .next/cache/nft-rs, filled by the run
  // before (what a CI that keeps `.next/cache` gets on its next build), over the
  // folder the run before wrote.
  const standalone = path.join(dist, 'standalone');
  for (let i = 0; i < runs; i++) {
    fs.rmSync(standalone, { recursive: true, force: true });
    spawnSync('cp', ['-a', path.join(ref, 'standalone'), standalone]);
    const t = timed(nftRs, ['trace', appDir, '--no-standalone', '--no-cache'], appDir);
    times.traces.push(t.ms);
    const a = timed(nftRs, ['trace', appDir, '--no-cache'], appDir);
    times.all.push(a.ms);
    fs.rmSync(standalone, { recursive: true, force: true });
    times.fresh.push(timed(nftRs, ['trace', appDir, '--no-cache'], appDir).ms);
    timed(nftRs, ['trace', appDir, '--no-standalone'], appDir);
    const wt = timed(nftRs, ['trace', appDir, '--no-standalone'], appDir);
    times.warmTraces.push(wt.ms);
    const wa = timed(nftRs, ['trace', appDir], appDir);
    times.warmAll.push(wa.ms);
    mb = Math.max(mb, t.mb, a.mb);
  }
  return {
    name: `${name} (Next ${nextVersion} webpack)`,
    nextMs: traceMs,
    tracesMs: median(times.traces),
    allMs: median(times.all),
    freshMs: median(times.fresh),
    warmTracesMs: median(times.warmTraces),
    warmAllMs: median(times.warmAll),
    mb,
  };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  for (const bin of [nftRs, floorBin]) {
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: cargo build --release --example parse_floor`);
  }
  const results = [];
  for (const input of INPUTS) {
    if (args.only && !args.only.some((o) => input.name.includes(o))) continue;
    process.stderr.write(`bench: ${input.name}\n`);
    results.push(benchInput(input, args.runs));
  }
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}; ${args.runs} alternating cold runs, medians.\n`);
  console.log('| input | files | @vercel/nft | nft-rs (2 threads) | ratio | nft-rs (1 thread) | 2t speed-up | parse floor (2t / 1t) | nft-rs ÷ floor (2t) | warm, `--cache` (ratio) | peak memory nft / nft-rs |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.files} | ${s(r.nftMs)} | ${s(r.rs2Ms)} | ${(r.nftMs / r.rs2Ms).toFixed(1)}× | ${s(r.rs1Ms)} | ${(r.rs1Ms / r.rs2Ms).toFixed(2)}× | ${s(r.floor2Ms)} / ${s(r.floor1Ms)} | ${(r.rs2Ms / r.floor2Ms).toFixed(2)} | ${s(r.warmMs)} (${(r.nftMs / r.warmMs).toFixed(0)}×) | ${r.nftMb.toFixed(0)} MB / ${r.rsMb.toFixed(0)} MB |`,
    );
  }
  const apps = ['app-router', 'pages-app', 'next15-pages', 'monorepo'];
  const next = [];
  for (const app of apps) {
    if (args.only && !args.only.some((o) => app.includes(o))) continue;
    process.stderr.write(`bench: ${app}\n`);
    const r = benchNext(app, Math.min(args.runs, 3), args.nextRoot);
    if (r) next.push(r);
  }
  if (next.length) {
    console.log('\n| Next.js app | Next tracing (`collect-build-traces`) | `nft-rs trace --no-standalone`, cold | with standalone, cold (over next build\'s) | with standalone, cold, no folder before | ratio (traces, cold) | warm cache: traces / with standalone | nft-rs peak memory |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of next) {
      console.log(`| ${r.name} | ${s(r.nextMs)} | ${s(r.tracesMs)} | ${s(r.allMs)} | ${s(r.freshMs)} | ${(r.nextMs / r.tracesMs).toFixed(1)}× | ${s(r.warmTracesMs)} / ${s(r.warmAllMs)} | ${r.mb.toFixed(0)} MB |`);
    }
  }
  if (args.json) fs.writeFileSync(args.json, JSON.stringify({ results, next }, null, 2) + '\n');
}

main();
