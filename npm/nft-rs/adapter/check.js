'use strict';
// Compares every Node.js route output Next.js hands to `onBuildComplete` (its
// `assets`: the files Next traced for it) with nft-rs's `.nft.json` of the same
// entry. Next adds the same runtime files (next-server's shared modules) to
// every output; those are the assets its own `.nft.json` of the entry does not
// list, and they are counted, not compared.
const fs = require('fs');
const path = require('path');

/** Absolute paths listed by the trace file `nftFile`, or null when it does not exist. */
function readTrace(nftFile) {
  let json;
  try {
    json = JSON.parse(fs.readFileSync(nftFile, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw new Error(`nft-rs adapter: cannot read ${nftFile}: ${e.message}`);
  }
  const dir = path.dirname(nftFile);
  return new Set((json.files || []).map((f) => path.join(dir, f)));
}

/** Every route output that runs on Node.js and has an entry file. */
function nodeOutputs(outputs) {
  const list = [];
  for (const kind of ['pages', 'pagesApi', 'appPages', 'appRoutes']) {
    for (const o of (outputs && outputs[kind]) || []) list.push(o);
  }
  if (outputs && outputs.middleware) list.push(outputs.middleware);
  const seen = new Set();
  return list.filter((o) => {
    if (!o || o.runtime === 'edge' || !o.filePath || !o.assets) return false;
    const key = `${o.id}\0${o.filePath}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Next's own trace of each entry, read before nft-rs replaces the `.nft.json` files. */
function snapshot(outputs) {
  const traces = new Map();
  for (const o of nodeOutputs(outputs)) {
    if (!traces.has(o.filePath)) traces.set(o.filePath, readTrace(`${o.filePath}.nft.json`));
  }
  return traces;
}

const sorted = (set) => [...set].sort();

/**
 * The differences between Next's assets and nft-rs's traces, after nft-rs ran.
 * `missing`: files Next ships for the route that nft-rs's trace lacks (fatal
 * in strict mode: a file missing at run time is a bug); `extra`: files only
 * nft-rs lists (a cost, reported).
 */
function compare({ outputs, repoRoot, before }) {
  const rel = (p) => path.relative(repoRoot, p).split(path.sep).join('/');
  const rows = [];
  for (const o of nodeOutputs(outputs)) {
    // The entry itself is the output's `filePath`, beside its assets.
    const assets = new Set(Object.keys(o.assets).map((k) => path.join(repoRoot, k)));
    assets.add(o.filePath);
    const nextOwn = before.get(o.filePath);
    const nft = readTrace(`${o.filePath}.nft.json`);
    const row = { id: o.id, type: o.type, entry: rel(o.filePath) };
    if (!nft) {
      rows.push({ ...row, status: 'no-trace', missing: [], extra: [] });
      continue;
    }
    nft.add(o.filePath);
    // Next's per-entry files: the assets its own trace of the entry listed
    // (all of them when that trace is gone), and the entry itself.
    const own = new Set();
    let shared = 0;
    for (const a of assets) {
      if (!nextOwn || nextOwn.has(a) || a === o.filePath) own.add(a);
      else shared += 1;
    }
    const missing = sorted([...own].filter((a) => !nft.has(a)).map(rel));
    const extra = sorted([...nft].filter((a) => !assets.has(a)).map(rel));
    rows.push({ ...row, status: missing.length || extra.length ? 'differs' : 'equal', next: own.size, nftRs: nft.size, shared, missing, extra });
  }
  rows.sort((a, b) => (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const summary = {
    outputs: rows.length,
    equal: rows.filter((r) => r.status === 'equal').length,
    differ: rows.filter((r) => r.status === 'differs').length,
    noTrace: rows.filter((r) => r.status === 'no-trace').length,
    missing: rows.reduce((n, r) => n + r.missing.length, 0),
    extra: rows.reduce((n, r) => n + r.extra.length, 0),
  };
  return { summary, outputs: rows };
}

module.exports = { snapshot, compare, nodeOutputs, readTrace };
