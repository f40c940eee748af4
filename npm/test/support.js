'use strict';
// Shared by the JS tests: where the package and the reference tracer are, and
// small hand-written fixture trees in temporary folders.
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');

/** The package under test: an installed `nft-rs` (NFT_RS_PACKAGE) or npm/nft-rs. */
function nftRs() {
  return require(process.env.NFT_RS_PACKAGE || path.join(root, 'npm', 'nft-rs'));
}

/** @vercel/nft 1.11.5, or null when scripts/install-test-deps.sh has not run. */
function reference() {
  try {
    return require(path.join(cache, 'ref', 'node_modules', '@vercel', 'nft'));
  } catch {
    return null;
  }
}

/** Writes `files` ({relative path: contents, or {link: target}}) under a new temp dir. */
function tree(files) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nft-rs-js-')));
  for (const [rel, contents] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof contents === 'object') fs.symlinkSync(contents.link, file);
    else fs.writeFileSync(file, contents);
  }
  return dir;
}

/** A result as plain sorted data, for deepEqual. */
function plain(result) {
  const sorted = (xs) => [...xs].sort();
  const reasons = {};
  for (const key of sorted(result.reasons.keys())) {
    const r = result.reasons.get(key);
    reasons[key] = { type: sorted(r.type), ignored: r.ignored, parents: sorted(r.parents) };
  }
  return {
    fileList: sorted(result.fileList),
    esmFileList: sorted(result.esmFileList),
    reasons,
    warnings: [...result.warnings].length,
  };
}

module.exports = { root, cache, nftRs, reference, tree, plain };
