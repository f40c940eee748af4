#!/usr/bin/env node
// Runs the reference tracer, @vercel/nft (installed by scripts/install-test-deps.sh),
// with the options of `nft-rs print --json` and prints the same JSON document, so
// that the two can be compared file for file.
//
// usage: node scripts/nft-ref.js [--base DIR] [--cwd DIR] [--ignore GLOB]...
//          [--conditions NAME]... [--exports-only] [--module-sync-catchall]
//          [--no-analysis] [--no-mixed-modules] [--paths SPEC=TARGET]...
//          [--depth N] [--time] ENTRY...
'use strict';
const path = require('path');
const os = require('os');

const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const { nodeFileTrace } = require(path.join(cache, 'ref', 'node_modules', '@vercel', 'nft'));

async function main(argv) {
  const opts = { base: process.cwd(), mixedModules: true, ts: true };
  const ignore = [];
  const conditions = [];
  const paths = {};
  const entries = [];
  let time = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--base': opts.base = path.resolve(value()); break;
      case '--cwd': opts.processCwd = path.resolve(value()); break;
      case '--ignore': ignore.push(value()); break;
      case '--conditions': conditions.push(value()); break;
      case '--exports-only': opts.exportsOnly = true; break;
      case '--module-sync-catchall': opts.moduleSyncCatchall = true; break;
      case '--no-analysis': opts.analysis = false; break;
      case '--no-mixed-modules': opts.mixedModules = false; break;
      case '--paths': { const [k, v] = value().split(/=(.*)/s); paths[k] = v; break; }
      case '--depth': opts.depth = Number(value()); break;
      case '--time': time = true; break;
      case '--': entries.push(...argv.slice(i + 1)); i = argv.length; break;
      default: entries.push(arg);
    }
  }
  if (ignore.length) opts.ignore = ignore;
  if (conditions.length) opts.conditions = conditions;
  if (Object.keys(paths).length) opts.paths = paths;
  const start = process.hrtime.bigint();
  const result = await nodeFileTrace(entries.map((e) => path.resolve(e)), opts);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  const sorted = (set) => [...set].map((p) => p.split(path.sep).join('/')).sort(bytewise);
  const reasons = {};
  for (const key of [...result.reasons.keys()].sort(bytewise)) {
    const r = result.reasons.get(key);
    reasons[key.split(path.sep).join('/')] = { type: r.type, ignored: r.ignored, parents: sorted(r.parents) };
  }
  const doc = {
    fileList: sorted(result.fileList),
    esmFileList: sorted(result.esmFileList),
    reasons,
    warnings: [...result.warnings].map((w) => String(w && w.message ? w.message : w)),
  };
  if (time) doc.elapsedMs = elapsed;
  process.stdout.write(JSON.stringify(doc) + '\n');
}

function bytewise(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`nft-ref: error: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
