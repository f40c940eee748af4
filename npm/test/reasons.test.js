'use strict';
// `reasons` as consumers use them: Next.js walks parents from each traced file
// up to its entries (getFilesMapFromReasons), and drops a file whose parents
// are all ignored, checking them depth first in Set order and remembering the
// answers (collect-build-traces' shouldIgnore). The order of `parents` therefore
// decides what Next.js copies. nft-rs gives parents nearest the entries first,
// as @vercel/nft's walk meets them; ignored paths have no parents.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { cache, nftRs, reference, tree } = require('./support.js');

const { nodeFileTrace } = nftRs();
const ref = reference();

test('parents come nearest the entries first, as @vercel/nft meets them', async () => {
  // entry -> z -> b -> a -> z: z's parents are the entry (1 edge away) and a
  // (3 edges away); by name, a would come first.
  const base = tree({
    'entry.js': "require('./z.js');\n",
    'z.js': "require('./b.js');\n",
    'b.js': "require('./a.js');\n",
    'a.js': "require('./z.js');\nrequire('./ignored/x.js');\n",
    'ignored/x.js': '',
  });
  const opts = { base, ignore: ['ignored/**'] };
  const ours = await nodeFileTrace([path.join(base, 'entry.js')], opts);
  assert.deepStrictEqual([...ours.reasons.get('z.js').parents], ['entry.js', 'a.js']);
  assert.deepStrictEqual(ours.reasons.get('ignored/x.js'), { type: ['dependency'], ignored: true, parents: new Set() });
  if (ref) {
    const theirs = await ref.nodeFileTrace([path.join(base, 'entry.js')], opts);
    assert.deepStrictEqual([...theirs.reasons.get('z.js').parents], ['entry.js', 'a.js']);
    assert.deepStrictEqual(ours.reasons.get('ignored/x.js'), theirs.reasons.get('ignored/x.js'));
  }
});

test("a folder's package.json counts the importer as a parent when its main decided", async () => {
  const base = tree({
    'entry.js': "require('./dir');\nrequire('pkg/sub');\nrequire('plain');\n",
    'dir/package.json': '{"main":"index.js"}',
    'dir/index.js': '',
    'node_modules/pkg/package.json': '{"name":"pkg"}',
    'node_modules/pkg/sub/package.json': '{"main":"./index.js"}',
    'node_modules/pkg/sub/index.js': '',
    'node_modules/plain/package.json': '{"name":"plain"}',
    'node_modules/plain/index.js': '',
  });
  const entry = path.join(base, 'entry.js');
  const ours = await nodeFileTrace([entry], { base });
  const parents = (r, f) => [...r.reasons.get(f).parents].sort();
  assert.deepStrictEqual(parents(ours, 'dir/package.json'), ['dir/index.js', 'entry.js']);
  assert.deepStrictEqual(parents(ours, 'node_modules/pkg/sub/package.json'), ['entry.js', 'node_modules/pkg/sub/index.js']);
  // Differs on purpose (known-differences.json, package-json-importer): Node
  // reads a package's own package.json to resolve a bare specifier.
  assert.deepStrictEqual(parents(ours, 'node_modules/plain/package.json'), ['entry.js', 'node_modules/plain/index.js']);
  if (ref) {
    const theirs = await ref.nodeFileTrace([entry], { base });
    assert.deepStrictEqual(parents(ours, 'dir/package.json'), parents(theirs, 'dir/package.json'));
    assert.deepStrictEqual(parents(ours, 'node_modules/pkg/sub/package.json'), parents(theirs, 'node_modules/pkg/sub/package.json'));
    assert.deepStrictEqual(parents(theirs, 'node_modules/plain/package.json'), ['node_modules/plain/index.js']);
  }
});

/**
 * Next.js's use of a result, written from its documented behaviour: for each
 * entry, the traced files below it (through parents), minus those ignored by
 * `ignoreFn` or whose parents are all ignored (depth first, in Set order, with
 * answers remembered, cycles counted as ignored).
 */
function nextStyleFiles(result, entries, ignoreFn) {
  const below = new Map();
  for (const file of new Set([...result.fileList, ...result.esmFileList])) {
    const reason = result.reasons.get(file);
    if (!reason || (reason.type.length === 1 && reason.type[0] === 'initial' && reason.parents.size === 0)) continue;
    const seen = new Set();
    const stack = [...reason.parents];
    while (stack.length) {
      const parent = stack.pop();
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (!below.has(parent)) below.set(parent, new Set());
      below.get(parent).add(file);
      const up = result.reasons.get(parent);
      if (up) stack.push(...up.parents);
    }
  }
  const memo = new Map();
  const ignored = (file, visiting) => {
    if (memo.has(file)) return memo.get(file);
    if (ignoreFn(file)) return memo.set(file, true).get(file);
    visiting.add(file);
    const reason = result.reasons.get(file);
    if (!reason || reason.parents.size === 0 || reason.type.includes('initial')) return memo.set(file, false).get(file);
    let all = true;
    for (const parent of reason.parents) {
      if (visiting.has(parent)) continue;
      visiting.add(parent);
      if (!ignored(parent, visiting)) {
        all = false;
        break;
      }
    }
    return memo.set(file, all).get(file);
  };
  const out = new Set(entries);
  for (const entry of entries) for (const f of below.get(entry) || []) if (!ignored(f, new Set())) out.add(f);
  return out;
}

const corpus = path.join(cache, 'corpus');
const next = path.join(corpus, 'node_modules', 'next', 'dist');
const picomatchPath = path.join(cache, 'ref', 'node_modules', 'picomatch');

test("Next.js's server trace from reasons: every file @vercel/nft's reasons give", { skip: !(ref && fs.existsSync(next) && fs.existsSync(picomatchPath)) && 'corpus or @vercel/nft not installed', timeout: 300000 }, async (t) => {
  const picomatch = require(picomatchPath);
  const entries = ['server/lib/start-server.js', 'server/next.js', 'server/require-hook.js', 'server/next-server.js'].map((e) => path.join(next, e));
  entries.unshift(require.resolve('styled-jsx', { paths: [next] }), require.resolve('styled-jsx/style', { paths: [next] }));
  // Next 16's shared and server ignores for a standalone build.
  const shared = ['**/next/dist/compiled/next-server/**/*.dev.js', '**/next/dist/compiled/webpack/*', '**/node_modules/webpack5/**/*', '**/next/dist/server/lib/route-resolver*', '**/next/dist/lib/upgrade/**/*', 'next/dist/compiled/semver/semver/**/*.js'];
  const server = [...shared, '**/node_modules/react{,-dom,-dom-server-turbopack}/**/*.development.js', '**/*.d.ts', '**/*.map', '**/next/dist/pages/**/*'];
  const matcher = (globs) => {
    const isMatch = picomatch(globs, { contains: true, dot: true });
    return (p) => (path.isAbsolute(p) && !p.startsWith(corpus)) || isMatch(p);
  };
  const sharedFn = matcher(shared);
  const opts = { base: corpus, processCwd: corpus, mixedModules: true, moduleSyncCatchall: true, ignore: (p) => sharedFn(p) };
  const ours = await nodeFileTrace(entries, opts);
  const theirs = await ref.nodeFileTrace(entries, opts);
  const rel = entries.map((e) => path.relative(corpus, e));
  const a = nextStyleFiles(ours, rel, matcher(server));
  const b = nextStyleFiles(theirs, rel, matcher(server));
  t.diagnostic(`Next.js-style server trace: nft-rs ${a.size} files, @vercel/nft ${b.size}`);
  assert.deepStrictEqual([...b].filter((f) => !a.has(f)).sort(), [], 'files Next.js would drop with nft-rs');
  // nft-rs's extras are files its fileList has and @vercel/nft's does not
  // (tests/corpus/explanations.json, next-server).
  assert.deepStrictEqual([...a].filter((f) => !b.has(f) && theirs.fileList.has(f)).sort(), []);
});
