#!/usr/bin/env node
// The differential corpus: for every entry under tests/corpus/entries, trace it with
// nft-rs and with @vercel/nft 1.11.5 (same options), compare the file lists, copy
// nft-rs's trace with `nft-rs build`, run the entry from the copy and compare its
// stdout with a run in place. Writes a Markdown report and a JSON summary, and exits
// non-zero when a copy does not run, when overall parity falls below
// tests/corpus/threshold.json, or when a package below 100% has no explanation in
// tests/corpus/explanations.json.
//
// usage: node scripts/corpus.js [--nft-rs BIN] [--report FILE] [--json FILE] [--only NAME,...]
// Needs scripts/install-test-deps.sh (sets ref and corpus) to have run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const cache = process.env.NFT_RS_CACHE || path.join(os.homedir(), '.cache', 'nft-rs');
const corpus = path.join(cache, 'corpus');

function parseArgs(argv) {
  const args = { nftRs: path.join(root, 'target', 'release', 'nft-rs'), report: null, json: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--nft-rs') args.nftRs = path.resolve(value());
    else if (flag === '--report') args.report = path.resolve(value());
    else if (flag === '--json') args.json = path.resolve(value());
    else if (flag === '--only') args.only = value().split(',');
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

function run(cmd, args, cwd, timeoutMs = 300000) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || String(r.error || ''), ms };
}

function nodeMajorMinor() {
  return process.versions.node.split('.').slice(0, 2).join('.');
}

function traceOne(name, file, args) {
  const entry = path.join('entries', file);
  const inPlace = run('node', [entry], corpus, 60000);
  const ours = run(args.nftRs, ['print', '--json', '--node-version', nodeMajorMinor(), entry], corpus);
  const ref = run('node', [path.join(root, 'scripts', 'nft-ref.js'), entry], corpus);
  const result = { name, entry, oursMs: ours.ms, refMs: ref.ms, problems: [] };
  if (inPlace.status !== 0) result.problems.push(`does not run in place: ${inPlace.stderr.split('\n')[0]}`);
  if (ours.status !== 0) result.problems.push(`nft-rs failed: ${ours.stderr.trim().split('\n').pop()}`);
  if (ref.status !== 0) result.problems.push(`@vercel/nft failed: ${ref.stderr.trim().split('\n').pop()}`);
  if (result.problems.length) return result;
  const a = new Set(JSON.parse(ours.stdout).fileList);
  const b = new Set(JSON.parse(ref.stdout).fileList);
  const both = [...a].filter((f) => b.has(f));
  result.files = a.size;
  result.refFiles = b.size;
  result.both = both.length;
  result.either = new Set([...a, ...b]).size;
  result.onlyOurs = [...a].filter((f) => !b.has(f)).sort();
  result.onlyRef = [...b].filter((f) => !a.has(f)).sort();
  result.parity = result.either ? result.both / result.either : 1;
  // The copy must run and print the same.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `nft-rs-corpus-${name}-`));
  const dest = path.join(out, 'app');
  const build = run(args.nftRs, ['build', '--node-version', nodeMajorMinor(), '--out', dest, entry], corpus);
  if (build.status !== 0) {
    result.problems.push(`nft-rs build failed: ${build.stderr.trim().split('\n').pop()}`);
  } else {
    const copied = run('node', [entry], dest, 60000);
    result.copyRuns = copied.status === 0 && copied.stdout === inPlace.stdout;
    if (!result.copyRuns) {
      const why = copied.status !== 0 ? copied.stderr.trim().split('\n').find((l) => /Error|Cannot/.test(l)) || copied.stderr.trim().split('\n')[0] : 'prints something else';
      result.problems.push(`copy does not run: ${why}`);
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
  return result;
}

function median(values) {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const threshold = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'corpus', 'threshold.json'), 'utf8'));
  const explanations = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'corpus', 'explanations.json'), 'utf8'));
  const entriesDir = path.join(root, 'tests', 'corpus', 'entries');
  fs.rmSync(path.join(corpus, 'entries'), { recursive: true, force: true });
  fs.cpSync(entriesDir, path.join(corpus, 'entries'), { recursive: true });
  let files = fs.readdirSync(entriesDir).sort();
  if (args.only) files = files.filter((f) => args.only.includes(f.replace(/\.m?js$/, '')));
  const results = [];
  for (const file of files) {
    const name = file.replace(/\.m?js$/, '');
    const r = traceOne(name, file, args);
    if (r.parity !== undefined && r.parity < 1) {
      r.explanation = explanations[name];
      if (!r.explanation) r.problems.push('below 100% parity without an explanation in tests/corpus/explanations.json');
    }
    results.push(r);
    process.stderr.write(`${r.problems.length ? 'FAIL' : 'ok  '} ${name}${r.parity !== undefined ? ` parity ${(r.parity * 100).toFixed(1)}%` : ''}${r.problems.length ? ': ' + r.problems.join('; ') : ''}\n`);
  }
  const traced = results.filter((r) => r.parity !== undefined);
  const sumBoth = traced.reduce((s, r) => s + r.both, 0);
  const sumEither = traced.reduce((s, r) => s + r.either, 0);
  const summary = {
    packages: results.length,
    copiesRun: results.filter((r) => r.copyRuns).length,
    parity: sumEither ? sumBoth / sumEither : 1,
    medianSpeedup: median(traced.map((r) => r.refMs / r.oursMs)),
    totalOursMs: traced.reduce((s, r) => s + r.oursMs, 0),
    totalRefMs: traced.reduce((s, r) => s + r.refMs, 0),
    failures: results.filter((r) => r.problems.length).map((r) => `${r.name}: ${r.problems.join('; ')}`),
  };
  summary.totalSpeedup = summary.totalRefMs / summary.totalOursMs;
  if (summary.parity < threshold.minParity) summary.failures.push(`overall parity ${(summary.parity * 100).toFixed(2)}% < ${threshold.minParity * 100}%`);
  const lines = [
    `| package | files nft-rs / nft | only nft-rs | only nft | parity | nft-rs ms | nft ms | ratio | copy runs | why not 100% |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
  ];
  for (const r of results) {
    if (r.parity === undefined) {
      lines.push(`| ${r.name} | – | – | – | – | – | – | – | no | ${r.problems.join('; ')} |`);
      continue;
    }
    lines.push(`| ${r.name} | ${r.files} / ${r.refFiles} | ${r.onlyOurs.length} | ${r.onlyRef.length} | ${(r.parity * 100).toFixed(1)}% | ${r.oursMs.toFixed(0)} | ${r.refMs.toFixed(0)} | ${(r.refMs / r.oursMs).toFixed(1)}× | ${r.copyRuns ? 'yes' : '**no**'} | ${r.explanation || ''} |`);
  }
  const report = [
    `# Differential corpus report`,
    ``,
    `${summary.packages} packages; copies that run: ${summary.copiesRun}; overall parity ${(summary.parity * 100).toFixed(2)}% (files in both / files in either, summed); median speed ratio ${summary.medianSpeedup.toFixed(1)}×; total ${(summary.totalOursMs / 1000).toFixed(1)} s vs ${(summary.totalRefMs / 1000).toFixed(1)} s (${summary.totalSpeedup.toFixed(1)}×). Node ${process.versions.node}, ${os.cpus().length} cores.`,
    ``,
    ...lines,
    ``,
    summary.failures.length ? `Failures:\n\n${summary.failures.map((f) => `- ${f}`).join('\n')}` : `No failures.`,
    ``,
  ].join('\n');
  if (args.report) fs.writeFileSync(args.report, report);
  else process.stdout.write(report);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify({ summary, results }, null, 2) + '\n');
  process.stderr.write(`corpus: ${summary.copiesRun}/${summary.packages} copies run, parity ${(summary.parity * 100).toFixed(2)}%, median ratio ${summary.medianSpeedup.toFixed(1)}×\n`);
  process.exit(summary.failures.length ? 1 : 0);
}

main();
