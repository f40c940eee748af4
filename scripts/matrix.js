#!/usr/bin/env node
// The compiler and bundler matrix: every output built by tests/matrix/build.js
// (tsc, Babel, SWC, esbuild, Rollup, webpack 5, Browserify, in their modes) and
// every package entry under tests/matrix/packages (packages that locate their
// files at run time) is traced by nft-rs and by @vercel/nft 1.11.5, nft-rs's
// trace is copied with `nft-rs build`, and the copy is run and must print what
// the program prints in place. Exits non-zero when nft-rs lists fewer files than
// nft for an output (a file nft finds and nft-rs does not), or a copy does not run.
//
// usage: node scripts/matrix.js [--nft-rs BIN] [--report FILE] [--only NAME,...]
// Needs scripts/install-test-deps.sh (sets ref and matrix) to have run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const matrix = path.join(cache, 'matrix');

function parseArgs(argv) {
  const args = { nftRs: path.join(root, 'target', 'release', 'nft-rs'), report: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--nft-rs') args.nftRs = path.resolve(value());
    else if (flag === '--report') args.report = path.resolve(value());
    else if (flag === '--only') args.only = value().split(',');
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

function run(cmd, args, cwd, timeoutMs = 120000) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 << 20 });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || String(r.error || '') };
}

const nodeVersion = process.versions.node.split('.').slice(0, 2).join('.');

function traceOne({ name, entry }, args) {
  const result = { name, entry, problems: [] };
  const inPlace = run('node', [entry], matrix);
  const ours = run(args.nftRs, ['print', '--json', '--node-version', nodeVersion, entry], matrix);
  const ref = run('node', [path.join(root, 'scripts', 'nft-ref.js'), entry], matrix);
  if (inPlace.status !== 0) result.problems.push(`does not run in place: ${inPlace.stderr.trim().split('\n')[0]}`);
  if (ours.status !== 0) result.problems.push(`nft-rs failed: ${ours.stderr.trim()}`);
  if (ref.status !== 0) result.problems.push(`@vercel/nft failed: ${ref.stderr.trim().split('\n').pop()}`);
  if (result.problems.length) return result;
  const a = new Set(JSON.parse(ours.stdout).fileList);
  const b = new Set(JSON.parse(ref.stdout).fileList);
  result.files = a.size;
  result.refFiles = b.size;
  result.onlyOurs = [...a].filter((f) => !b.has(f)).sort();
  result.onlyRef = [...b].filter((f) => !a.has(f)).sort();
  if (result.onlyRef.length) result.problems.push(`nft-rs misses what nft finds: ${result.onlyRef.join(', ')}`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `nft-rs-matrix-${name}-`));
  const dest = path.join(out, 'app');
  const build = run(args.nftRs, ['build', '--node-version', nodeVersion, '--out', dest, entry], matrix);
  if (build.status !== 0) {
    result.problems.push(`nft-rs build failed: ${build.stderr.trim()}`);
  } else {
    const copied = run('node', [entry], dest);
    result.copyRuns = copied.status === 0 && copied.stdout === inPlace.stdout;
    if (!result.copyRuns) {
      const lines = copied.stderr.trim().split('\n');
      const why = copied.status !== 0 ? lines.find((l) => /Error|Cannot/.test(l)) || lines[0] : 'prints something else';
      result.problems.push(`copy does not run: ${why}`);
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
  return result;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const explanations = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'matrix', 'explanations.json'), 'utf8'));
  const outputs = JSON.parse(fs.readFileSync(path.join(matrix, 'dist', 'manifest.json'), 'utf8'));
  // Package entries run from the set's folder, like the corpus's.
  const packagesDir = path.join(root, 'tests', 'matrix', 'packages');
  fs.rmSync(path.join(matrix, 'packages'), { recursive: true, force: true });
  fs.cpSync(packagesDir, path.join(matrix, 'packages'), { recursive: true });
  const packages = fs.readdirSync(packagesDir).sort().map((f) => ({ name: `package:${f.replace(/\.m?js$/, '')}`, entry: `packages/${f}` }));
  let cases = [...outputs, ...packages];
  if (args.only) cases = cases.filter((c) => args.only.includes(c.name));
  const results = [];
  for (const c of cases) {
    const r = traceOne(c, args);
    if (r.onlyOurs && r.onlyOurs.length) r.explanation = explanations[r.name];
    results.push(r);
    process.stderr.write(`${r.problems.length ? 'FAIL' : 'ok  '} ${r.name}${r.files !== undefined ? ` ${r.files}/${r.refFiles}` : ''}${r.problems.length ? ': ' + r.problems.join('; ') : ''}\n`);
  }
  const failures = results.filter((r) => r.problems.length);
  const lines = [
    `| output | files nft-rs / nft | only nft-rs | only nft | copy runs | why nft-rs lists more |`,
    `| --- | --- | --- | --- | --- | --- |`,
    ...results.map((r) =>
      r.files === undefined
        ? `| ${r.name} | – | – | – | no | ${r.problems.join('; ')} |`
        : `| ${r.name} | ${r.files} / ${r.refFiles} | ${r.onlyOurs.length} | ${r.onlyRef.length} | ${r.copyRuns ? 'yes' : '**no**'} | ${r.explanation || ''} |`,
    ),
  ];
  const report = [
    `# Compiler and bundler matrix`,
    ``,
    `${results.length} outputs and packages; copies that run: ${results.filter((r) => r.copyRuns).length}; outputs where nft-rs lists a file fewer than nft: ${results.filter((r) => r.onlyRef && r.onlyRef.length).length}. Node ${process.versions.node}. Regenerate with \`node scripts/matrix.js --report tests/matrix/report.md\`.`,
    ``,
    ...lines,
    ``,
    failures.length ? `Failures:\n\n${failures.map((r) => `- ${r.name}: ${r.problems.join('; ')}`).join('\n')}` : `No failures.`,
    ``,
  ].join('\n');
  if (args.report) fs.writeFileSync(args.report, report);
  else process.stdout.write(report);
  process.stderr.write(`matrix: ${results.filter((r) => r.copyRuns).length}/${results.length} copies run, ${failures.length} failures\n`);
  process.exit(failures.length ? 1 : 0);
}

main();
