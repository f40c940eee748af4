#!/usr/bin/env node
'use strict';
// `npx nft-rs ...`: runs the Rust CLI shipped in the platform package, with the
// same arguments, standard streams, and exit code (a signal is passed on).
const { spawnSync } = require('child_process');
const { binaryPath } = require('../native.js');

let bin;
try {
  bin = binaryPath();
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
const r = spawnSync(bin, process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
if (r.error) {
  process.stderr.write(`nft-rs: error: cannot run ${bin}: ${r.error.message}\n`);
  process.exit(1);
}
if (r.signal) process.kill(process.pid, r.signal);
process.exit(r.status === null ? 1 : r.status);
