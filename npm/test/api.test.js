'use strict';
// nodeFileTrace's result shape and options, on hand-written trees; each case
// also runs @vercel/nft 1.11.5 when it is installed and compares.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { nftRs, reference, tree, plain } = require('./support.js');

const { nodeFileTrace, resolve } = nftRs();
const ref = reference();

const app = () =>
  tree({
    'package.json': '{"name":"app"}',
    'server.js': "const lib = require('lib');\nrequire('./routes/' + 'a.js');\nconst fs = require('fs');\nfs.readFileSync(__dirname + '/data.txt');\nrequire('missing-pkg');\nimport('./esm.mjs');\n",
    'routes/a.js': "module.exports = require('../util.js');\n",
    'util.js': 'module.exports = 1;\n',
    'data.txt': 'data\n',
    'esm.mjs': "import './util.js';\nexport default 2;\n",
    'node_modules/.store/lib/package.json': '{"name":"lib","main":"main.js"}',
    'node_modules/.store/lib/main.js': "module.exports = require('./dep.json');\n",
    'node_modules/.store/lib/dep.json': '{}',
    'node_modules/lib': { link: '.store/lib' },
  });

test('the result has @vercel/nft\'s shape and paths', async () => {
  const base = app();
  const result = await nodeFileTrace([path.join(base, 'server.js')], { base });
  assert.ok(result.fileList instanceof Set);
  assert.ok(result.esmFileList instanceof Set);
  assert.ok(result.reasons instanceof Map);
  assert.ok(result.warnings instanceof Set);
  assert.deepStrictEqual([...result.fileList].sort(), [
    'data.txt',
    'esm.mjs',
    'node_modules/.store/lib/dep.json',
    'node_modules/.store/lib/main.js',
    'node_modules/.store/lib/package.json',
    'node_modules/lib',
    'package.json',
    'routes/a.js',
    'server.js',
    'util.js',
  ]);
  assert.deepStrictEqual([...result.esmFileList], ['esm.mjs']);
  const entry = result.reasons.get('server.js');
  assert.ok(entry.type.includes('initial'));
  assert.strictEqual(entry.ignored, false);
  assert.ok(entry.parents instanceof Set);
  assert.deepStrictEqual([...result.reasons.get('util.js').parents].sort(), ['esm.mjs', 'routes/a.js']);
  assert.deepStrictEqual(result.reasons.get('data.txt').type, ['asset']);
  const warnings = [...result.warnings];
  assert.strictEqual(warnings.length, 1);
  assert.ok(warnings[0] instanceof Error);
  assert.match(warnings[0].message, /missing-pkg/);
  assert.strictEqual(warnings[0].file, 'server.js');
  if (ref) {
    const theirs = await ref.nodeFileTrace([path.join(base, 'server.js')], { base });
    assert.deepStrictEqual(plain(result).fileList, plain(theirs).fileList);
    assert.deepStrictEqual(plain(result).esmFileList, plain(theirs).esmFileList);
    assert.deepStrictEqual(plain(result).reasons, plain(theirs).reasons);
    assert.strictEqual(theirs.warnings.size, 1);
  }
});

test('a glob ignore and a function ignore give the same result', async () => {
  const base = app();
  const entry = path.join(base, 'server.js');
  const byGlob = await nodeFileTrace([entry], { base, ignore: ['node_modules/**', 'data.txt'] });
  const asked = [];
  const byFn = await nodeFileTrace([entry], {
    base,
    ignore: (p) => {
      asked.push(p);
      // picomatch's `node_modules/**`: no segment below it starts with a dot.
      return p === 'data.txt' || /^node_modules(\/[^./][^/]*)+$/.test(p);
    },
  });
  const byString = await nodeFileTrace([entry], { base, ignore: 'node_modules/**' });
  assert.deepStrictEqual(plain(byFn), plain(byGlob));
  assert.ok(!byGlob.fileList.has('node_modules/lib'));
  assert.strictEqual(byGlob.reasons.get('node_modules/lib').ignored, true);
  assert.ok(byString.fileList.has('data.txt') && !byString.fileList.has('node_modules/lib'));
  assert.ok(!asked.includes('server.js'), 'an entry is never asked about');
  assert.ok(asked.includes('node_modules/lib'));
  if (ref) {
    const theirs = await ref.nodeFileTrace([entry], { base, ignore: ['node_modules/**', 'data.txt'] });
    assert.deepStrictEqual(plain(byGlob).fileList, plain(theirs).fileList);
  }
});

test('a cache object is reused across calls', async () => {
  const base = app();
  const entry = path.join(base, 'server.js');
  const cache = {};
  const first = await nodeFileTrace([entry], { base, cache });
  const kept = cache[Symbol.for('nft-rs.tracers')];
  assert.strictEqual(kept.length, 1);
  assert.deepStrictEqual(Object.keys(cache), [], 'nothing enumerable is added');
  const [second, other] = await Promise.all([
    nodeFileTrace([entry], { base, cache }),
    nodeFileTrace([path.join(base, 'routes', 'a.js')], { base, cache }),
  ]);
  assert.strictEqual(kept.length, 1, 'same options, same tracer');
  assert.deepStrictEqual(plain(second), plain(first));
  assert.deepStrictEqual([...other.fileList].sort(), ['package.json', 'routes/a.js', 'util.js']);
  await nodeFileTrace([entry], { base, cache, conditions: ['node', 'production'] });
  assert.strictEqual(kept.length, 2, 'other options, another tracer');
});

function recorder(kind, seen, impl) {
  return (p) => {
    seen[kind].add(p);
    return impl(p);
  };
}

async function traceWithHooks(trace, base, entry, async) {
  const seen = { readFile: new Set(), stat: new Set(), readlink: new Set() };
  const wrap = (fn) => (async ? async (p) => fn(p) : fn);
  const result = await trace([entry], {
    base,
    readFile: recorder('readFile', seen, wrap((p) => {
      try { return fs.readFileSync(p); } catch (e) { if (e.code === 'ENOENT' || e.code === 'EISDIR') return null; throw e; }
    })),
    stat: recorder('stat', seen, wrap((p) => {
      try { return fs.statSync(p); } catch (e) { if (e.code === 'ENOENT') return null; throw e; }
    })),
    readlink: recorder('readlink', seen, wrap((p) => {
      try { return fs.readlinkSync(p); } catch (e) { if (e.code === 'EINVAL' || e.code === 'ENOENT') return null; throw e; }
    })),
  });
  return { result, seen };
}

test('readFile, stat and readlink hooks (sync and async) serve the trace', async () => {
  const base = app();
  const entry = path.join(base, 'server.js');
  const plainResult = await nodeFileTrace([entry], { base });
  for (const async of [false, true]) {
    const { result, seen } = await traceWithHooks(nodeFileTrace, base, entry, async);
    assert.deepStrictEqual(plain(result), plain(plainResult));
    // Every analysed file is read through the hook; package.json files are
    // read only where they exist.
    const read = [...seen.readFile].map((p) => path.relative(base, p)).sort();
    const sources = read.filter((p) => !p.endsWith('package.json'));
    assert.deepStrictEqual(sources, ['esm.mjs', 'node_modules/.store/lib/main.js', 'routes/a.js', 'server.js', 'util.js']);
    for (const p of read) assert.ok(fs.existsSync(path.join(base, p)), p);
    assert.ok(seen.readlink.has(path.join(base, 'node_modules', 'lib')));
    assert.ok(seen.stat.has(path.join(base, 'util.js')));
    if (ref) {
      // The same sources are read as by @vercel/nft, and the symlink is asked
      // about by both (hooks.test.js compares every question, path by path).
      const theirs = await traceWithHooks(ref.nodeFileTrace, base, entry, async);
      assert.deepStrictEqual(plain(result).fileList, plain(theirs.result).fileList);
      const theirSources = [...theirs.seen.readFile].map((p) => path.relative(base, p)).filter((p) => !p.endsWith('package.json'));
      assert.deepStrictEqual(sources, theirSources.sort());
      assert.ok(theirs.seen.readlink.has(path.join(base, 'node_modules', 'lib')));
    }
  }
});

test('a hook that returns a virtual file is traced from it', async () => {
  const base = app();
  const entry = path.join(base, 'server.js');
  const virtual = path.join(base, 'virtual.js');
  const result = await nodeFileTrace([entry], {
    base,
    readFile: async (p) => (p === entry ? "require('./virtual.js')" : p === virtual ? "require('./util.js')" : fs.promises.readFile(p).catch(() => null)),
    stat: (p) => (p === virtual ? { isFile: () => true, isDirectory: () => false, size: 20 } : fs.promises.stat(p).catch(() => null)),
  });
  assert.deepStrictEqual([...result.fileList].sort(), ['package.json', 'server.js', 'util.js', 'virtual.js']);
});

test('a resolve hook replaces resolution; a throw is a warning', async () => {
  const base = app();
  const entry = path.join(base, 'server.js');
  const calls = [];
  const result = await nodeFileTrace([entry], {
    base,
    resolve: async (id, parent, job, cjs) => {
      calls.push([id, path.relative(base, parent), cjs]);
      assert.strictEqual(job.base, base);
      if (id === 'lib') return [path.join(base, 'util.js'), 'node:fs'];
      if (id === 'fs') return 'node:fs';
      throw new Error(`cannot resolve ${id}`);
    },
  });
  assert.deepStrictEqual([...result.fileList].sort(), ['data.txt', 'package.json', 'server.js', 'util.js']);
  assert.ok(calls.some(([id, parent, cjs]) => id === 'lib' && parent === 'server.js' && cjs === true));
  assert.ok([...result.warnings].some((w) => /cannot resolve missing-pkg/.test(w.message)));
});

test('a hook that throws becomes a warning, not a crash', async () => {
  const base = app();
  const entry = path.join(base, 'server.js');
  const result = await nodeFileTrace([entry], {
    base,
    readFile: (p) => {
      if (p.endsWith('util.js')) throw new Error('disk on fire');
      return fs.readFileSync(p);
    },
  });
  assert.ok(result.fileList.has('util.js'));
  assert.ok([...result.warnings].some((w) => /disk on fire/.test(w.message)));
  // A stat hook answering something that is not a Stats: a warning too, no hang.
  const odd = await nodeFileTrace([entry], { base, stat: async (p) => (p.endsWith('util.js') ? { size: 1 } : fs.promises.stat(p).catch(() => null)) });
  assert.ok(odd.fileList.has('server.js'));
});

test('options: analysis false, depth, paths, conditions, processCwd', async () => {
  const base = tree({
    'a.js': "require('./b.js');\nrequire(__dirname + '/c.js');\nrequire('alias');\nrequire('cond');\nrequire('fs').readFileSync(__dirname + '/c.txt');\n",
    'c.txt': '',
    'b.js': "require('./d.js');\n",
    'c.js': '',
    'd.js': '',
    'lib/aliased.js': '',
    'node_modules/cond/package.json': '{"name":"cond","exports":{"custom":"./custom.js","default":"./default.js"}}',
    'node_modules/cond/custom.js': '',
    'node_modules/cond/default.js': '',
  });
  const entry = path.join(base, 'a.js');
  const noAnalysis = await nodeFileTrace([entry], { base, analysis: false, paths: { alias: './lib/aliased.js' } });
  assert.ok(!noAnalysis.fileList.has('c.txt'));
  assert.ok((await nodeFileTrace([entry], { base })).fileList.has('c.txt'));
  assert.ok(noAnalysis.fileList.has('lib/aliased.js'));
  const shallow = await nodeFileTrace([entry], { base, depth: 1 });
  assert.ok(shallow.fileList.has('b.js') && !shallow.fileList.has('d.js'));
  const custom = await nodeFileTrace([entry], { base, conditions: ['custom'], exportsOnly: true });
  assert.ok(custom.fileList.has('node_modules/cond/custom.js') && !custom.fileList.has('node_modules/cond/default.js'));
  if (ref) {
    for (const opts of [{ analysis: false, paths: { alias: './lib/aliased.js' } }, { depth: 1 }, { conditions: ['custom'], exportsOnly: true }]) {
      const ours = await nodeFileTrace([entry], { base, ...opts });
      const theirs = await ref.nodeFileTrace([entry], { base, ...opts });
      assert.deepStrictEqual(plain(ours).fileList, plain(theirs).fileList, JSON.stringify(opts));
    }
  }
  await assert.rejects(nodeFileTrace([path.join(base, 'nope.js')], { base }), /entry not found/);
  await assert.rejects(nodeFileTrace([entry], { base, processCwd: path.join(base, 'nope') }), /not a directory/);
});

test('a resolve hook can fall back to the exported resolve, with fs hooks too', async () => {
  const base = app();
  const entry = path.join(base, 'server.js');
  const expected = plain(await nodeFileTrace([entry], { base }));
  const seen = [];
  const result = await nodeFileTrace([entry], {
    base,
    // As @vercel/node does: rewrite some ids, then let the tracer resolve.
    resolve: (id, parent, job, cjs) => {
      seen.push(id);
      return resolve(id.replace(/\?module$/, ''), parent, job, cjs);
    },
    stat: (p) => fs.promises.stat(p).catch(() => null),
    readFile: (p) => fs.promises.readFile(p).catch(() => null),
  });
  assert.deepStrictEqual(plain(result).fileList, expected.fileList);
  assert.ok(seen.includes('lib') && seen.includes('missing-pkg'));
  assert.ok([...result.warnings].some((w) => /missing-pkg/.test(w.message)));
  // Standalone, with a job-like object.
  assert.strictEqual(await resolve('./util.js', path.join(base, 'server.js'), { base }, true), path.join(base, 'util.js'));
  assert.strictEqual(await resolve('fs', entry, { base }, true), 'node:fs');
  await assert.rejects(resolve('nope', entry, { base }, true), /nope/);
});
