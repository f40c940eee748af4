#!/usr/bin/env node
// Times nodeFileTrace from Node.js: nft-rs's npm package against @vercel/nft
// 1.11.5, on one entry (default: next/dist/server/next-server.js of the corpus),
// each in a fresh process per run, plus nft-rs with a warm `cache` object.
//
// usage: node npm/bench.js [--runs N] [--hooks] [ENTRY]
//   NFT_RS_NATIVE / NFT_RS_PACKAGE choose the build under test, as in npm/test.
'use strict';
const path = require('path');
const os = require('os');
const fs = require('fs');
const { spawnSync } = require('child_process');

const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const corpus = path.join(cache, 'corpus');
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const hooks = args.includes('--hooks');
const entry = path.resolve(args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs')[0] || path.join(corpus, 'node_modules', 'next', 'dist', 'server', 'next-server.js'));

if (process.env.BENCH_CHILD) {
  const which = process.env.BENCH_CHILD;
  const mod = which === 'ref' ? require(path.join(cache, 'ref', 'node_modules', '@vercel', 'nft')) : require(process.env.NFT_RS_PACKAGE || path.join(__dirname, 'nft-rs'));
  const opts = { base: corpus };
  if (hooks) {
    opts.readFile = (p) => fs.promises.readFile(p).catch(() => null);
    opts.stat = (p) => fs.promises.stat(p).catch(() => null);
    opts.readlink = (p) => fs.promises.readlink(p).catch(() => null);
  }
  (async () => {
    const times = [];
    const cacheObj = {};
    let files = 0;
    for (let i = 0; i < (which === 'warm' ? 3 : 1); i++) {
      const start = process.hrtime.bigint();
      const r = await mod.nodeFileTrace([entry], which === 'warm' ? { ...opts, cache: cacheObj } : opts);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      files = r.fileList.size;
    }
    process.stdout.write(JSON.stringify({ ms: times[times.length - 1], files }));
  })();
} else {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const out = {};
  for (const which of ['nft-rs', 'warm', 'ref']) {
    const ms = [];
    let files = 0;
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, [__filename, ...args], { env: { ...process.env, BENCH_CHILD: which }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      const doc = JSON.parse(r.stdout);
      ms.push(doc.ms);
      files = doc.files;
    }
    out[which] = { medianMs: Math.round(median(ms) * 10) / 10, files };
  }
  const label = { 'nft-rs': 'nft-rs (cold)', warm: 'nft-rs (cache reused, 3rd call)', ref: '@vercel/nft 1.11.5' };
  console.log(`entry: ${path.relative(corpus, entry)}${hooks ? ' (readFile/stat/readlink hooks)' : ''}, ${runs} runs each, ${os.cpus().length} cores`);
  for (const [k, v] of Object.entries(out)) console.log(`${label[k].padEnd(34)} ${String(v.medianMs).padStart(8)} ms  ${v.files} files`);
  console.log(`speed-up (cold): ${(out.ref.medianMs / out['nft-rs'].medianMs).toFixed(1)}x`);
}
