'use strict';
// The JS differential test: every entry of the differential corpus
// (tests/corpus/entries, packages installed by scripts/install-test-deps.sh)
// traced by nft-rs's nodeFileTrace and by @vercel/nft 1.11.5 with the same
// options. fileList must match except where tests/corpus/explanations.json says
// why (the same documented differences as the CLI's corpus); differences in
// esmFileList and reason types on the files both trace are reported. Skipped, saying so, when the
// corpus or the reference is not installed.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { root, cache, nftRs, reference } = require('./support.js');

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

test('nodeFileTrace matches @vercel/nft on the differential corpus', { skip: !ready && 'corpus or @vercel/nft not installed (run scripts/install-test-deps.sh)', timeout: 900000 }, async (t) => {
  const { nodeFileTrace } = nftRs();
  const dir = setup();
  const names = (process.env.NFT_RS_CORPUS_ONLY ? process.env.NFT_RS_CORPUS_ONLY.split(',') : fs.readdirSync(dir)).sort();
  const unexplained = [];
  const report = [];
  const cacheObj = {};
  let same = 0;
  for (const file of names) {
    const name = file.replace(/\.[cm]?js$/, '');
    const entry = path.join(dir, file);
    const opts = { base: corpus, mixedModules: true };
    const ours = await nodeFileTrace([entry], { ...opts, cache: cacheObj });
    const theirs = await ref.nodeFileTrace([entry], opts);
    const onlyOurs = [...ours.fileList].filter((f) => !theirs.fileList.has(f));
    const onlyRef = [...theirs.fileList].filter((f) => !ours.fileList.has(f));
    const both = [...ours.fileList].filter((f) => theirs.fileList.has(f));
    const esmDiff = both.filter((f) => ours.esmFileList.has(f) !== theirs.esmFileList.has(f));
    const typeDiff = both.filter((f) => {
      const a = ours.reasons.get(f);
      const b = theirs.reasons.get(f);
      return [...a.type].sort().join() !== [...b.type].sort().join();
    });
    if (!onlyOurs.length && !onlyRef.length) same++;
    else {
      report.push(`${name}: +${onlyOurs.length} -${onlyRef.length}${explanations[name] ? '' : ' (UNEXPLAINED)'}`);
      if (!explanations[name]) unexplained.push({ name, onlyOurs, onlyRef });
    }
    if (esmDiff.length) report.push(`${name}: esm differs on ${esmDiff.slice(0, 3).join(', ')}`);
    if (typeDiff.length) report.push(`${name}: reason types differ on ${typeDiff.slice(0, 3).join(', ')}`);
  }
  t.diagnostic(`corpus: ${same}/${names.length} entries with @vercel/nft's exact fileList`);
  for (const line of report) t.diagnostic(line);
  assert.deepStrictEqual(unexplained, []);
  // One tracer served every entry through the shared cache object.
  assert.strictEqual(cacheObj[Symbol.for('nft-rs.tracers')].length, 1);
});
