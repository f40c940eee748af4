'use strict';
// Sends Next.js's calls to its bundled `next/dist/compiled/@vercel/nft` to
// nft-rs's `nodeFileTrace`, in this process: the copy already loaded (its
// exports object is patched in place, so modules that hold it see the new
// function) and every copy loaded later (a Module._load hook). Next loads its
// config, and so the adapter, in the main build process and in each webpack
// build worker, so every process that traces gets the redirect.
const fs = require('fs');
const Module = require('module');
const path = require('path');

const STATE = Symbol.for('nft-rs.adapter.redirect');
const NFT_FILE = /[\\/]next[\\/]dist[\\/]compiled[\\/]@vercel[\\/]nft[\\/]index\.js$/;

function state() {
  if (!globalThis[STATE]) {
    Object.defineProperty(globalThis, STATE, {
      value: { installed: false, patched: new WeakSet(), calls: 0, ms: 0, fallbacks: 0, inMemory: 0, warned: false },
      enumerable: false,
    });
  }
  return globalThis[STATE];
}

/** Whether `file` is a regular file on disk (nft-rs's entries must be). */
function onDisk(file) {
  try {
    return fs.statSync(path.resolve(String(file))).isFile();
  } catch {
    return false;
  }
}

/**
 * nft-rs's nodeFileTrace in place of `original` (Next's). Calls with an entry
 * that is not a file on disk (modules that exist only in webpack's memory,
 * served through a readFile hook, or the app folder itself: Next's entry-point
 * plugin, tens of milliseconds) stay with Next's tracer, as does a call nft-rs
 * fails on (one warning per process).
 */
function tracer(s, original) {
  const { nodeFileTrace } = require('../index.js');
  return async function nodeFileTraceByNftRs(files, opts) {
    const start = process.hrtime.bigint();
    const list = [...files];
    if (!list.every(onDisk)) {
      s.inMemory += 1;
      if (process.env.NFT_RS_ADAPTER_DEBUG) {
        process.stderr.write(`nft-rs adapter: [pid ${process.pid}] nodeFileTrace: ${list.length} entries, not all files on disk: Next's own tracer\n`);
      }
      return original(list, opts);
    }
    try {
      return await nodeFileTrace(list, opts);
    } catch (e) {
      s.fallbacks += 1;
      if (!s.warned) {
        s.warned = true;
        process.stderr.write(`nft-rs adapter: warning: nft-rs could not trace ${list.length} entries (${e && e.message}); Next's own @vercel/nft traces them\n`);
      }
      return await original(list, opts);
    } finally {
      s.calls += 1;
      s.ms += Number(process.hrtime.bigint() - start) / 1e6;
      if (process.env.NFT_RS_ADAPTER_DEBUG) {
        process.stderr.write(`nft-rs adapter: [pid ${process.pid}] nodeFileTrace #${s.calls}: ${list.length} entries, ${s.ms.toFixed(0)} ms so far, ${s.fallbacks} fallbacks\n`);
      }
    }
  };
}

function patch(s, exports) {
  if (!exports || (typeof exports !== 'object' && typeof exports !== 'function') || s.patched.has(exports)) return;
  const original = exports.nodeFileTrace;
  if (typeof original !== 'function') return;
  Object.defineProperty(exports, 'nodeFileTrace', { value: tracer(s, original), enumerable: true, configurable: true, writable: true });
  s.patched.add(exports);
}

/**
 * Installs the redirect in this process (idempotent). Throws when nft-rs's
 * native addon cannot be loaded, before anything is changed (`lazy`: loads it
 * at the first call, falling back to Next's tracer if it cannot).
 */
function installRedirect({ lazy = false } = {}) {
  const s = state();
  if (s.installed) return s;
  if (!lazy) require('../native.js').loadAddon();
  for (const [file, mod] of Object.entries(require.cache)) {
    if (NFT_FILE.test(file) && mod) patch(s, mod.exports);
  }
  const load = Module._load;
  Module._load = function nftRsAdapterLoad(request, parent, isMain) {
    const exports = load.apply(this, arguments);
    if (typeof request === 'string' && request.endsWith('nft') && request.includes('@vercel')) {
      let file = request;
      try {
        file = Module._resolveFilename(request, parent, isMain);
      } catch {
        return exports;
      }
      if (NFT_FILE.test(path.normalize(file))) patch(s, exports);
    }
    return exports;
  };
  s.installed = true;
  return s;
}

module.exports = { installRedirect, NFT_FILE };
