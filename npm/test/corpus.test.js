'use strict';
// The JS differential test: every entry of the differential corpus
// (tests/corpus/entries, packages installed by scripts/install-test-deps.sh)
// traced by nft-rs's nodeFileTrace and by @vercel/nft 1.11.5 with the same
// options, all four fields compared (differential.js): fileList, esmFileList,
// reasons (type, ignored, parents) and warnings (unresolved specifiers, files
// that failed to parse). Every difference must be a class listed in
// known-differences.json or an entry's documented difference; fileList
// differences are documented in tests/corpus/explanations.json. Skipped, saying
// so, when the corpus or the reference is not installed.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { root, cache, nftRs, reference } = require('./support.js');
const { compare, known } = require('./differential.js');

const corpus = path.join(cache, 'corpus');
const ref = reference();
const ready = ref && fs.existsSync(path.join(corpus, 'node_modules'));
const explanations = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'corpus', 'explanations.json'), 'utf8'));

function setup() {
  // A folder of our own inside the corpus (scripts/corpus.js owns `entries`).
  const dir = path.join(corpus, 'entries-js');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'tests', 'corpus', 'entries'), dir, { recursive: true });
  return dir;
}

test('nodeFileTrace matches @vercel/nft on the differential corpus, all four fields', { skip: !ready && 'corpus or @vercel/nft not installed (run scripts/install-test-deps.sh)', timeout: 900000 }, async (t) => {
  const { nodeFileTrace } = nftRs();
  const dir = setup();
  const only = process.env.NFT_RS_CORPUS_ONLY;
  const names = (only ? only.split(',') : fs.readdirSync(dir)).sort();
  const unexplained = [];
  const explained = {};
  const cacheObj = {};
  let same = 0;
  for (const file of names) {
    const name = file.replace(/\.[cm]?js$/, '');
    const entry = path.join(dir, file);
    const opts = { base: corpus, mixedModules: true };
    const ours = await nodeFileTrace([entry], { ...opts, cache: cacheObj });
    const theirs = await ref.nodeFileTrace([entry], opts);
    const result = compare(name, ours, theirs, corpus, Boolean(explanations[name]));
    if (!Object.keys(result.explained).length && !result.unexplained.length) same++;
    for (const [rule, n] of Object.entries(result.explained)) explained[rule] = (explained[rule] || 0) + n;
    unexplained.push(...result.unexplained);
  }
  t.diagnostic(`corpus: ${same}/${names.length} entries identical to @vercel/nft's in all four fields`);
  for (const [rule, n] of Object.entries(explained).sort()) t.diagnostic(`known difference ${rule}: ${n}`);
  assert.deepStrictEqual(unexplained, []);
  if (!only) {
    // Every documented entry difference still happens: stale ones are removed.
    const stale = Object.entries(known.entries).flatMap(([name, fields]) => Object.keys(fields).map((f) => `${name}.${f}`)).filter((k) => !explained[k]);
    assert.deepStrictEqual(stale, []);
  }
  // One tracer served every entry through the shared cache object.
  assert.strictEqual(cacheObj[Symbol.for('nft-rs.tracers')].length, 1);
});
