'use strict';
// `nodeFileTrace(files, options)` with @vercel/nft 1.11.5's signature and result,
// traced by nft-rs's native code off the JavaScript thread. See index.d.ts for
// the options and for where nft-rs differs from @vercel/nft on purpose.
const path = require('path');
const { loadAddon, isMusl } = require('./native.js');

const TRACERS = Symbol.for('nft-rs.tracers');
const JOB_TRACER = Symbol('nft-rs.tracer');
const KEPT_TRACERS = 16;

/** @vercel/nft's options, normalised for the native tracer. */
function nativeOptions(opts, base) {
  let ignore = [];
  if (typeof opts.ignore === 'string') ignore = [opts.ignore];
  else if (Array.isArray(opts.ignore)) ignore = opts.ignore.map(String);
  const analysis = opts.analysis === undefined ? true : opts.analysis;
  const toggles = typeof analysis === 'object' && analysis !== null ? analysis : {};
  const on = (name) => analysis !== false && toggles[name] !== false;
  const paths = Object.entries(opts.paths || {}).map(([k, v]) => [k, String(v)]);
  let depth = null;
  if (opts.depth !== undefined && opts.depth !== Infinity) {
    if (!(opts.depth >= 0)) throw new Error('invariant - depth option cannot be negative');
    depth = Math.min(Math.floor(opts.depth), 0xffffffff);
  }
  return {
    base,
    processCwd: opts.processCwd ? path.resolve(opts.processCwd) : undefined,
    conditions: (opts.conditions || opts.exports || ['node']).map(String),
    exportsOnly: Boolean(opts.exportsOnly),
    moduleSyncCatchall: Boolean(opts.moduleSyncCatchall),
    ignore,
    analysis: analysis !== false,
    emitGlobs: on('emitGlobs'),
    computeFileReferences: on('computeFileReferences'),
    evaluatePureExpressions: on('evaluatePureExpressions'),
    mixedModules: Boolean(opts.mixedModules),
    paths,
    depth: depth === null ? undefined : depth,
    nodeVersion: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    musl: isMusl(),
    threads: undefined,
  };
}

const toNative = path.sep === '/' ? (p) => p : (p) => p.split('/').join(path.sep);
const message = (e) => (e && e.message ? e.message : String(e));

/**
 * The hooks of one tracer. The tracer calls `dispatch`; it serves the hooks of
 * the call currently using the tracer (`holder.current`), so a tracer kept in a
 * `cache` object serves later calls' hook functions too.
 */
function makeDispatch(native, holder) {
  const answer = (kind, id, value) => {
    switch (kind) {
      case 0: {
        if (value === null || value === undefined) return native.hookDoneBytes(id, null);
        return native.hookDoneBytes(id, Buffer.isBuffer(value) ? value : Buffer.from(String(value)));
      }
      case 1: {
        if (!value) return native.hookDoneStat(id, null, 0);
        const kindOf = value.isFile() ? 1 : value.isDirectory() ? 2 : value.isSymbolicLink && value.isSymbolicLink() ? 3 : 0;
        return native.hookDoneStat(id, kindOf, Number(value.size) || 0);
      }
      case 2:
        return native.hookDoneText(id, value === null || value === undefined ? null : String(value));
      default: {
        const list = (Array.isArray(value) ? value : [value]).map((p) => String(p));
        return native.hookDoneList(id, list.map((p) => (p.startsWith('node:') ? p : path.resolve(p))), null);
      }
    }
  };
  const serve = (kind, id, p, extra) => {
    const hooks = holder.current;
    if (kind === 5) {
      let ignored = false;
      try {
        ignored = Boolean(hooks.ignore(toNative(p)));
      } catch (e) {
        return native.hookDoneError(id, message(e));
      }
      return native.hookDoneBool(id, ignored);
    }
    let result;
    try {
      if (kind === 0) result = hooks.readFile(p);
      else if (kind === 1) result = hooks.stat(p);
      else if (kind === 2) result = hooks.readlink(p);
      else result = hooks.resolve(p, extra, hooks.job, kind === 3);
    } catch (e) {
      if (kind >= 3) return native.hookDoneList(id, null, message(e));
      return native.hookDoneError(id, message(e));
    }
    const fail = (e) => (kind >= 3 ? native.hookDoneList(id, null, message(e)) : native.hookDoneError(id, message(e)));
    Promise.resolve(result).then((value) => {
      try {
        answer(kind, id, value);
      } catch (e) {
        fail(e);
      }
    }, fail);
  };
  // The native side passes its (kind, id, path, extra) tuple as one array. A
  // question must always be answered: a native worker waits for it.
  return (...args) => {
    const [kind, id, p, extra] = Array.isArray(args[0]) ? args[0] : args;
    try {
      serve(kind, id, p, extra);
    } catch (e) {
      native.hookDoneError(id, message(e));
    }
  };
}

/** A tracer for these options: one kept on `cache` when it matches, else a new one. */
function tracerFor(native, options, hooks, cache) {
  const named = {
    readFile: typeof hooks.readFile === 'function',
    stat: typeof hooks.stat === 'function',
    readlink: typeof hooks.readlink === 'function',
    resolve: typeof hooks.resolve === 'function',
    ignore: typeof hooks.ignore === 'function',
  };
  const key = JSON.stringify([options, named]);
  let kept = null;
  if (cache && typeof cache === 'object') {
    if (!cache[TRACERS]) Object.defineProperty(cache, TRACERS, { value: [], enumerable: false });
    kept = cache[TRACERS];
  }
  if (kept) {
    // The ignore function decides what is traced: a different one, a different tracer.
    const hit = kept.find((e) => e.key === key && e.ignore === hooks.ignore);
    if (hit) return hit;
  }
  const holder = { current: hooks };
  const any = Object.values(named).some(Boolean);
  const tracer = native.createTracer(options, named, any ? makeDispatch(native, holder) : undefined);
  const entry = { key, ignore: hooks.ignore, tracer, holder, busy: Promise.resolve() };
  if (kept) {
    kept.push(entry);
    if (kept.length > KEPT_TRACERS) kept.shift();
  }
  return entry;
}

/** The `job` argument a `resolve` hook receives: the options nft's Job exposes. */
function jobView(options) {
  return {
    base: options.base,
    cwd: options.processCwd || options.base,
    conditions: options.conditions,
    exportsOnly: options.exportsOnly,
    moduleSyncCatchall: options.moduleSyncCatchall,
    mixedModules: options.mixedModules,
    ts: true,
    paths: Object.fromEntries(options.paths),
  };
}

function toResult(raw) {
  const fileList = new Set(raw.fileList.map(toNative));
  const esmFileList = new Set(raw.esmFileList.map(toNative));
  const reasons = new Map();
  for (const r of raw.reasons) {
    reasons.set(toNative(r.path), { type: r.types, ignored: r.ignored, parents: new Set(r.parents.map(toNative)) });
  }
  const warnings = new Set();
  for (const w of raw.warnings) {
    const error = new Error(w.message);
    error.file = toNative(w.file);
    error.kind = w.kind;
    warnings.add(error);
  }
  return { fileList, esmFileList, reasons, warnings };
}

/**
 * Traces `files` and everything they load at run time.
 * @param {string[]} files
 * @param {import('./index').NodeFileTraceOptions} [opts]
 * @returns {Promise<import('./index').NodeFileTraceResult>}
 */
async function nodeFileTrace(files, opts = {}) {
  const native = loadAddon();
  const base = path.resolve(opts.base || process.cwd());
  const options = nativeOptions(opts, base);
  const hooks = {
    readFile: opts.readFile,
    stat: opts.stat,
    readlink: opts.readlink,
    resolve: opts.resolve,
    ignore: typeof opts.ignore === 'function' ? opts.ignore : undefined,
  };
  // Workers wait on the JavaScript thread for hook answers: more of them keep
  // more questions in flight.
  if (hooks.readFile || hooks.stat || hooks.readlink || hooks.resolve) {
    const os = require('os');
    const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
    options.threads = Math.max(8, 4 * cores);
  }
  hooks.job = jobView(options);
  const entry = tracerFor(native, options, hooks, opts.cache);
  Object.defineProperty(hooks.job, JOB_TRACER, { value: entry.tracer });
  const entries = [...files].map((f) => path.resolve(String(f)));
  // One trace at a time per kept tracer: its hooks are those of the running call.
  const run = entry.busy.then(() => {
    entry.holder.current = hooks;
    return entry.tracer.trace(entries);
  });
  entry.busy = run.catch(() => {});
  return toResult(await run);
}

const standalone = {};

/**
 * @vercel/nft's `resolve(id, parent, job, cjsResolve)`: nft-rs's own resolution
 * (not the `resolve` hook), for a `resolve` hook to fall back to. With the `job`
 * a hook received it uses that trace's options and caches; with any other object
 * it reads `base`, `conditions`, `exportsOnly`, `paths` from it.
 * @returns {Promise<string | string[]>}
 */
async function resolve(id, parent, job, cjsResolve) {
  const native = loadAddon();
  let tracer = job && job[JOB_TRACER];
  if (!tracer) {
    const opts = job || {};
    const base = path.resolve(opts.base || process.cwd());
    tracer = tracerFor(native, nativeOptions({ ...opts, ignore: undefined, cache: undefined }, base), {}, standalone).tracer;
  }
  const files = await tracer.resolve(String(id), path.resolve(String(parent)), Boolean(cjsResolve));
  return files.length === 1 ? files[0] : files;
}

module.exports = { nodeFileTrace, resolve };
