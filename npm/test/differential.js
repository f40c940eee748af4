'use strict';
// Compares two nodeFileTrace results field by field: nft-rs's (`ours`) against
// @vercel/nft 1.11.5's (`theirs`). Each difference is either matched by a rule of
// npm/test/known-differences.json (a class of difference, with its reason) or
// returned as unexplained. The rules are narrow on purpose: each says which field,
// which paths and which direction it covers, so a new kind of difference fails
// the test instead of hiding behind an old one.
const fs = require('fs');
const path = require('path');

const known = JSON.parse(fs.readFileSync(path.join(__dirname, 'known-differences.json'), 'utf8'));

const sorted = (xs) => [...xs].sort();
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.json', '.node', '.ts', '.tsx', '.mts', '.cts']);
const isModule = (p) => MODULE_EXTENSIONS.has(path.extname(p));
/** `node_modules/<name>/package.json` (a package's own). */
const isPackageRoot = (p) => /(^|[\\/])node_modules[\\/](@[^\\/]+[\\/])?[^\\/]+[\\/]package\.json$/.test(p);

/** Whether Node loads `file` (base-relative) as an ES module by its package's `"type"`. */
function moduleByType(base, file) {
  if (!['.js', ''].includes(path.extname(file))) return false;
  for (let dir = path.dirname(path.join(base, file)); dir.startsWith(base); dir = path.dirname(dir)) {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch (e) {
      if (e.code !== 'ENOENT') return false;
    }
  }
  return false;
}

/** A NUL byte in the first 8 KiB: data, not JavaScript. */
function isBinary(file) {
  try {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(8192);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    return buf.subarray(0, n).includes(0);
  } catch {
    return false;
  }
}

/**
 * An unresolved specifier with a computed part rendered as nothing (nft-rs:
 * `@/-linux-x64`) or as @vercel/nft's wildcard marker U+001A (`./langs/\u001a.json`).
 */
const EMPTY_PART = /\u001a|^$|^[/-]|\/\/|\/\.|\.\.|-\/|@\//;

/** Specifiers nft-rs could not resolve (its messages name them first). */
function unresolvedOurs(result) {
  const out = new Set();
  for (const w of result.warnings) {
    const m = w.kind === 'Unresolved' && /^Failed to resolve dependency "(.*)" from /s.exec(w.message);
    if (m) out.add(m[1]);
  }
  return out;
}

function unresolvedTheirs(result) {
  const out = new Set();
  for (const w of result.warnings) {
    const m = /^Failed to resolve dependency "(.*?)":/s.exec(String(w && w.message));
    if (m) out.add(m[1]);
  }
  return out;
}

/** Base-relative files each tracer failed to parse. */
function parseFailures(result, base, theirs) {
  const out = new Set();
  for (const w of result.warnings) {
    if (theirs) {
      const m = /^Failed to parse (.*) as (script|module)/s.exec(String(w && w.message));
      if (m) out.add(path.relative(base, m[1]));
    } else if (w.kind === 'Parse') {
      out.add(w.file);
    }
  }
  return out;
}

/**
 * Differences between `ours` and `theirs` for the entry `name`, traced from
 * `base`. Returns `{ explained: {rule: count}, unexplained: [strings] }`.
 * `fileListExplained` says whether tests/corpus/explanations.json documents this
 * entry's fileList difference.
 */
function compare(name, ours, theirs, base, fileListExplained) {
  const explained = {};
  const unexplained = [];
  const count = (rule) => {
    if (!known.rules[rule]) throw new Error(`no rule ${rule} in known-differences.json`);
    explained[rule] = (explained[rule] || 0) + 1;
  };
  // Differences of one entry, each documented in `entries` with its reason.
  const entry = known.entries[name] || {};
  const report = (field, detail) => {
    if (entry[field]) explained[`${name}.${field}`] = (explained[`${name}.${field}`] || 0) + 1;
    else unexplained.push(`${name}: ${field}: ${detail}`);
  };

  // fileList: the CLI's corpus explanations cover it.
  const onlyOurs = sorted([...ours.fileList].filter((f) => !theirs.fileList.has(f)));
  const onlyTheirs = sorted([...theirs.fileList].filter((f) => !ours.fileList.has(f)));
  if (onlyOurs.length || onlyTheirs.length) {
    if (fileListExplained) count('fileList-explained');
    else unexplained.push(`${name}: fileList: +${onlyOurs.join(' +')} -${onlyTheirs.join(' -')}`);
  }
  const listedByOne = new Set([...onlyOurs, ...onlyTheirs]);
  const both = sorted([...ours.fileList].filter((f) => theirs.fileList.has(f)));

  // esmFileList, on the files both list.
  const esm = both.filter((f) => ours.esmFileList.has(f) !== theirs.esmFileList.has(f));
  const byType = esm.filter((f) => ours.esmFileList.has(f) && moduleByType(base, f));
  for (let i = 0; i < byType.length; i++) count('esm-by-package-type');
  const esmOther = esm.filter((f) => !byType.includes(f));
  if (esmOther.length) report('esmFileList', esmOther.join(' '));

  // reasons: every path both have a reason for (ignored ones included).
  const keys = sorted([...ours.reasons.keys()].filter((k) => theirs.reasons.has(k) && !listedByOne.has(k)));
  for (const key of keys) {
    const a = ours.reasons.get(key);
    const b = theirs.reasons.get(key);
    if (a.ignored !== b.ignored) report('reasons', `${key}: ignored ${a.ignored} vs ${b.ignored}`);
    let typesA = new Set(a.type);
    const typesB = new Set(b.type);
    const parentsB = new Set(b.parents);
    if (parentsB.has(key)) {
      // nft records a file that references itself (`__filename` as an asset).
      if (!a.parents.has(key)) {
        count('self-parent');
        parentsB.delete(key);
      }
      if (!typesA.has('asset') && typesB.delete('asset')) count('self-parent');
    }
    if (!isModule(key) && typesA.has('asset') && !typesA.has('dependency') && typesB.has('dependency') && !typesB.has('asset')) {
      count('data-as-asset');
      typesA = new Set([...typesA].map((t) => (t === 'asset' ? 'dependency' : t)));
    }
    if (sorted(typesA).join() !== sorted(typesB).join()) report('reasons', `${key}: type ${sorted(a.type)} vs ${sorted(b.type)}`);
    // Parents that only one tracer lists are part of the fileList difference.
    const extra = sorted([...a.parents].filter((p) => !parentsB.has(p) && !listedByOne.has(p)));
    const missing = sorted([...parentsB].filter((p) => !a.parents.has(p) && !listedByOne.has(p)));
    const foreign = isPackageRoot(key) ? [] : extra;
    if (extra.length > foreign.length) count('package-json-importer');
    if (foreign.length || missing.length) report('reasons', `${key}: parents +${foreign.join(' +')} -${missing.join(' -')}`);
  }

  // warnings: unresolved specifiers and unparsable files, as sets.
  const ua = unresolvedOurs(ours);
  const ub = unresolvedTheirs(theirs);
  const uDiff = [];
  for (const [mine, other, sign] of [[ua, ub, '+'], [ub, ua, '-']]) {
    for (const s of sorted(mine)) {
      if (other.has(s)) continue;
      if (EMPTY_PART.test(s)) count('partly-evaluated-specifier');
      else uDiff.push(`${sign}${s}`);
    }
  }
  if (uDiff.length) report('warnings', `unresolved ${uDiff.join(' ')}`);
  const pa = parseFailures(ours, base, false);
  const pb = parseFailures(theirs, base, true);
  const pDiff = [];
  for (const f of pb) {
    if (pa.has(f)) continue;
    const r = ours.reasons.get(f);
    // nft parses data a pattern matched as JavaScript; nft-rs keeps it as an asset.
    if (!isModule(f) && r && r.type.includes('asset')) count('data-as-asset');
    else if (isBinary(path.join(base, f))) count('binary-not-parsed');
    else pDiff.push(`-${f}`);
  }
  for (const f of pa) if (!pb.has(f)) pDiff.push(`+${f}`);
  if (pDiff.length) report('warnings', `parse failures ${pDiff.join(' ')}`);
  return { explained, unexplained };
}

module.exports = { compare, known };
