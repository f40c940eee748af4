'use strict';
// `nft-rs/adapter`: a Next.js deployment adapter (Next 16.2+: `adapterPath` in
// next.config, or NEXT_ADAPTER_PATH) that puts nft-rs inside `next build`:
// - modifyConfig: in webpack builds, Next's bundled @vercel/nft runs on nft-rs's
//   nodeFileTrace (tested Next versions only; otherwise a warning and Next's own);
// - onBuildComplete: `nft-rs trace` writes the traces and `.next/standalone`
//   (Next's own standalone step is then skipped), and every Node route output's
//   `assets` is checked against nft-rs's trace of the same entry.
// Options: adapter.d.ts and the README.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { readOptions, traceArgs, CONFIG_FILE } = require('./adapter/options.js');
const { snapshot, compare } = require('./adapter/check.js');

const NAME = 'nft-rs';
const PHASE_BUILD = 'phase-production-build';
const REPORT = 'nft-rs-adapter-report.json';
const TESTED = { min: [16, 2], below: [17, 0] };

const log = (msg) => process.stdout.write(`nft-rs adapter: ${msg}\n`);
const warn = (msg) => process.stderr.write(`nft-rs adapter: warning: ${msg}\n`);
const inWorker = () => Boolean(process.env.NEXT_PRIVATE_BUILD_WORKER);

function parseVersion(v) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(String(v || ''));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Whether the redirect of Next's tracer was tested with this Next version. */
function isTested(version) {
  const v = parseVersion(version);
  if (!v) return false;
  const ge = (a, b) => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);
  return ge(v, TESTED.min) && !ge(v, TESTED.below);
}

/** The version of the Next.js that builds `projectDir` (Next 15 does not pass it). */
function nextVersionOf(ctx, projectDir) {
  if (ctx && ctx.nextVersion) return ctx.nextVersion;
  try {
    return require(require.resolve('next/package.json', { paths: [projectDir || process.cwd()] })).version;
  } catch {
    return undefined;
  }
}

/**
 * Called by Next before the build (and in each build worker, and at `next
 * start` on Next 15). Installs the tracer redirect for production builds.
 */
async function modifyConfig(config, ctx) {
  const phase = ctx && ctx.phase;
  if (phase !== undefined && phase !== PHASE_BUILD) return config;
  const projectDir = (ctx && ctx.projectDir) || process.cwd();
  const opts = readOptions(projectDir);
  if (!opts.redirect) return config;
  const version = nextVersionOf(ctx, projectDir);
  const quiet = inWorker();
  if (!isTested(version)) {
    if (!quiet) warn(`Next.js ${version || '(unknown version)'} is not a version the tracer redirect was tested with (16.2 <= version < 17): Next traces with its own @vercel/nft`);
    return config;
  }
  try {
    require('./adapter/redirect.js').installRedirect();
  } catch (e) {
    if (!quiet) warn(`cannot load nft-rs's nodeFileTrace (${e.message}): Next traces with its own @vercel/nft`);
    return config;
  }
  preloadInChildren();
  if (!quiet) log(`Next.js ${version}: webpack-mode output file tracing runs on nft-rs (Turbopack builds trace in Turbopack)`);
  return config;
}

/**
 * Child processes started from here on (Next's build workers) preload the
 * redirect (Next passes NODE_OPTIONS on to its workers, --require repeated).
 */
function preloadInChildren() {
  const register = path.join(__dirname, 'adapter', 'register.js');
  const current = process.env.NODE_OPTIONS || '';
  if (current.includes(register) || /\s/.test(register)) return;
  process.env.NODE_OPTIONS = `${current} --require ${register}`.trim();
}

function binary() {
  return require('./native.js').binaryPath();
}

/** Runs `nft-rs trace` on the app; returns its --json report. */
function runTrace(projectDir, opts) {
  const bin = binary();
  const args = traceArgs(projectDir, opts);
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 30, windowsHide: true });
  if (r.error) throw new Error(`cannot run ${bin}: ${r.error.message}`);
  if (r.stderr) process.stderr.write(r.stderr.replace(/^(?!$)/gm, '  '));
  if (r.status !== 0) throw new Error(`\`nft-rs ${args.join(' ')}\` exited with ${r.status === null ? r.signal : r.status}`);
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    throw new Error(`\`nft-rs ${args.join(' ')}\` printed no JSON report: ${e.message}`);
  }
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Called by Next after the build with every output. Writes the traces and
 * `.next/standalone` with nft-rs, and checks Next's outputs against them.
 */
async function onBuildComplete(ctx) {
  const start = process.hrtime.bigint();
  if (!ctx || !ctx.config || !ctx.outputs) {
    // Next 15 passes only `routes` and `outputs`: no config to keep its own
    // standalone step from replacing ours, no project directory.
    warn(`this Next.js ${nextVersionOf(null, process.cwd()) || ''} gives onBuildComplete no config: nothing done; run \`nft-rs trace\` after \`next build\``);
    return;
  }
  const projectDir = ctx.projectDir || process.cwd();
  const distDir = path.resolve(projectDir, ctx.distDir || '.next');
  const repoRoot = ctx.repoRoot || projectDir;
  const opts = readOptions(projectDir);
  const config = ctx.config || {};
  const before = opts.check ? snapshot(ctx.outputs) : null;

  let report;
  try {
    report = runTrace(projectDir, opts);
  } catch (e) {
    if (opts.strict) throw new Error(`nft-rs adapter: ${e.message}`);
    warn(`${e.message}; Next's own traces${config.output === 'standalone' ? ' and standalone folder' : ''} are kept`);
    return;
  }
  // Next writes its own `.next/standalone` right after this hook when the
  // config asks for it, deleting ours first. The config object is Next's own
  // (required-server-files.json, which the standalone server reads, was
  // written before), so turning `output` off here skips only that step.
  const nextWouldWrite = config.output === 'standalone';
  if (opts.standalone && nextWouldWrite) config.output = undefined;

  const result = {
    nextVersion: ctx.nextVersion || nextVersionOf(null, projectDir),
    mode: report.mode,
    options: opts,
    standalone: opts.standalone ? report.standalone : null,
    skippedNextStandalone: Boolean(opts.standalone && nextWouldWrite),
    warnings: report.warnings || [],
    check: null,
  };
  let line = `traces${opts.standalone ? ' and .next/standalone' : ''} written by nft-rs`;
  if (report.standalone && opts.standalone) {
    line += ` (${plural(report.standalone.files, 'file')}, ${(report.standalone.bytes / 1e6).toFixed(1)} MB)`;
  }
  let failure = null;
  if (opts.check) {
    result.check = compare({ outputs: ctx.outputs, repoRoot, before });
    const s = result.check.summary;
    line += `; ${plural(s.outputs, 'route output')} checked: ${s.equal} equal to Next's assets, ${s.differ} differ`;
    if (s.differ) line += ` (${plural(s.missing, 'file')} only in Next's, ${plural(s.extra, 'file')} only in nft-rs's)`;
    if (s.noTrace) line += `, ${s.noTrace} without a trace`;
    if (opts.strict && s.missing) failure = `${plural(s.missing, 'file')} that Next ships for its routes ${s.missing === 1 ? 'is' : 'are'} missing from nft-rs's traces`;
  }
  const reportFile = path.join(distDir, REPORT);
  fs.writeFileSync(reportFile, JSON.stringify(result, null, 2) + '\n');
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  log(`${line}; ${secs.toFixed(2)} s; details in ${path.relative(projectDir, reportFile) || reportFile}`);
  if (failure) throw new Error(`nft-rs adapter: strict: ${failure} (see ${reportFile})`);
}

module.exports = { name: NAME, modifyConfig, onBuildComplete, isTested, CONFIG_FILE, REPORT };
