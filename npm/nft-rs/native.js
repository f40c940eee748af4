'use strict';
// Finds the native code: the Node-API addon (for the JS API) and the `nft-rs`
// executable (for the CLI). Both ship in the platform package
// `@nft-rs/<platform>-<arch>[-<abi>]`, installed through optionalDependencies;
// NFT_RS_NATIVE (a `.node` file) and NFT_RS_BINARY (an `nft-rs` executable)
// point at builds of the user's own instead (Nix, unsupported platforms).
const path = require('path');

let muslLibc;
/** Whether this Linux process runs on musl (asked once: a report takes ~5 ms). */
function isMusl() {
  if (muslLibc === undefined) {
    muslLibc = false;
    if (process.platform === 'linux') {
      try {
        const report = process.report && process.report.getReport();
        muslLibc = !(report && report.header && report.header.glibcVersionRuntime);
      } catch {
        muslLibc = false;
      }
    }
  }
  return muslLibc;
}

function libcSuffix() {
  if (process.platform !== 'linux') return '';
  return isMusl() ? '-musl' : '-gnu';
}

/** The platform package's key for this process, e.g. `linux-x64-gnu`. */
function platformKey() {
  const abi = process.platform === 'win32' ? '-msvc' : libcSuffix();
  return `${process.platform}-${process.arch}${abi}`;
}

function platformDir() {
  const name = `@nft-rs/${platformKey()}`;
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(
      `nft-rs: no native package for ${platformKey()}: ${name} is not installed ` +
        '(npm skips optionalDependencies with --no-optional or --omit=optional). ' +
        'Reinstall nft-rs, or set NFT_RS_NATIVE to an nft-rs .node file and NFT_RS_BINARY to an nft-rs executable.',
    );
  }
}

/** Absolute path of the `nft-rs` executable. */
function binaryPath() {
  if (process.env.NFT_RS_BINARY) return path.resolve(process.env.NFT_RS_BINARY);
  return path.join(platformDir(), process.platform === 'win32' ? 'nft-rs.exe' : 'nft-rs');
}

let addon;
/** The loaded Node-API addon. */
function loadAddon() {
  if (!addon) {
    const file = process.env.NFT_RS_NATIVE
      ? path.resolve(process.env.NFT_RS_NATIVE)
      : path.join(platformDir(), 'nft-rs.node');
    // dlopen, not require: a user's build may be named `libnft_rs_node.so`.
    const mod = { exports: {} };
    process.dlopen(mod, file);
    addon = mod.exports;
  }
  return addon;
}

module.exports = { platformKey, binaryPath, loadAddon, isMusl };
