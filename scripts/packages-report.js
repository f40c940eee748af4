#!/usr/bin/env node
// Prints the README's "How close to @vercel/nft" table: for each package of
// tests/packages, a one-line `require('<pkg>')` entry traced by nft-rs and by
// @vercel/nft 1.11.5 (same options as tests/it/packages.rs), the file counts, and
// the reason for any difference from tests/packages/known-differences.json.
//
// usage: node scripts/packages-report.js [--nft-rs BIN]
// Needs scripts/install-test-deps.sh (sets ref and packages) to have run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const dir = path.join(cache, 'packages');
const args = process.argv.slice(2);
const nftRs = args[0] === '--nft-rs' ? path.resolve(args[1]) : path.join(root, 'target', 'release', 'nft-rs');

function fileList(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr}`);
  return new Set(JSON.parse(r.stdout).fileList);
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'tests/packages/package.json'), 'utf8'));
const known = JSON.parse(fs.readFileSync(path.join(root, 'tests/packages/known-differences.json'), 'utf8'));
console.log('| package | files (nft-rs / @vercel/nft) | difference and why |');
console.log('| --- | --- | --- |');
for (const [name, version] of Object.entries(manifest.dependencies)) {
  const entry = `entry-${name}.js`;
  fs.writeFileSync(path.join(dir, entry), `require('${name}');\n`);
  const ours = fileList(nftRs, ['print', '--json', '--node-version', '20.18', entry]);
  const ref = fileList('node', [path.join(root, 'scripts', 'nft-ref.js'), entry]);
  const onlyOurs = [...ours].filter((f) => !ref.has(f));
  const onlyRef = [...ref].filter((f) => !ours.has(f));
  let why = 'none';
  if (onlyOurs.length || onlyRef.length) {
    why = (known[name] && known[name].why) || `unexplained: +${onlyOurs.length} / -${onlyRef.length}`;
  }
  console.log(`| ${name} ${version} | ${ours.size} / ${ref.size} | ${why} |`);
}
