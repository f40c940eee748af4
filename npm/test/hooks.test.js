'use strict';
// Which paths the readFile, stat, readlink and resolve hooks are asked about,
// under nft-rs and under @vercel/nft 1.11.5, on hand-written trees: a pnpm-style
// linked package, `exports` and a folder `main`, a missing package, a computed
// require, an ES module package. The results must be identical; the questions
// may differ only in the documented ways below (each a class, checked path by
// path):
//
// - readFile: nft-rs reads only files that exist (it stats a package.json
//   before reading it; @vercel/nft reads candidates and gets null), and it reads
//   the package.json in scope of each .js file, which @vercel/nft only stats
//   (nft-rs learns the file's `"type"` from it).
// - readlink: nft-rs asks only about paths that exist (a missing path is a stat
//   question), takes the base as given, and resolves links from the base down,
//   each folder once; its resolver asks about a file through a link as written
//   (`.pnpm/a@1/node_modules/b/index.js`), @vercel/nft about the real path.
// - stat: nft-rs's resolver checks that a folder exists before probing files in
//   it, probes through links (the path as written, then the real one) and up to
//   `/node_modules`; the tracer checks the base and the entries. Extra stat
//   questions are folders, missing paths, paths through a link, the base or an
//   entry. Every path @vercel/nft stats that exists is asked about by nft-rs too.
// - resolve: the same (specifier, parent, cjs) questions.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { nftRs, reference, tree } = require('./support.js');

const { nodeFileTrace, resolve } = nftRs();
const ref = reference();

const fixtures = {
  linked: {
    entry: 'server.js',
    files: {
      'package.json': '{"name":"app"}',
      'server.js': "require('lib');\nrequire('./routes/' + 'a.js');\nrequire('fs').readFileSync(__dirname + '/data.txt');\nrequire('missing-pkg');\nrequire('./dir');\nrequire('ex/sub');\n",
      'routes/a.js': "module.exports = require('../util.js');\n",
      'util.js': 'module.exports = 1;\n',
      'data.txt': 'data\n',
      'dir/package.json': '{"main":"main.js"}',
      'dir/main.js': '',
      'node_modules/.store/lib/package.json': '{"name":"lib","main":"main.js"}',
      'node_modules/.store/lib/main.js': "module.exports = require('./dep.json');\n",
      'node_modules/.store/lib/dep.json': '{}',
      'node_modules/lib': { link: '.store/lib' },
      'node_modules/ex/package.json': '{"name":"ex","exports":{"./sub":"./lib/sub.js"}}',
      'node_modules/ex/lib/sub.js': "require('lib');\n",
    },
  },
  pnpm: {
    entry: 'app/index.js',
    files: {
      'app/package.json': '{"name":"app","dependencies":{"a":"1"}}',
      'app/index.js': "require('a');\n",
      'app/node_modules/a': { link: '../../node_modules/.pnpm/a@1/node_modules/a' },
      'node_modules/.pnpm/a@1/node_modules/a/package.json': '{"name":"a","main":"./lib/index.js"}',
      'node_modules/.pnpm/a@1/node_modules/a/lib/index.js': "require('b');\nrequire('./extra');\n",
      'node_modules/.pnpm/a@1/node_modules/a/lib/extra.js': '',
      'node_modules/.pnpm/a@1/node_modules/b': { link: '../../b@2/node_modules/b' },
      'node_modules/.pnpm/b@2/node_modules/b/package.json': '{"name":"b"}',
      'node_modules/.pnpm/b@2/node_modules/b/index.js': "require('./data.json');\n",
      'node_modules/.pnpm/b@2/node_modules/b/data.json': '[]',
    },
  },
  esm: {
    entry: 'main.mjs',
    files: {
      'package.json': '{"name":"app","type":"module"}',
      'main.mjs': "import 'pkg';\nimport './local.js';\nimport { x } from '#internal';\n",
      'local.js': "export const y = 1;\n",
      'src/internal.js': "export const x = 1;\n",
      'node_modules/pkg/package.json': '{"name":"pkg","type":"module","exports":{".":{"import":"./esm/index.js","require":"./cjs/index.cjs"}}}',
      'node_modules/pkg/esm/index.js': "import './helper.js';\n",
      'node_modules/pkg/esm/helper.js': '',
      'node_modules/pkg/cjs/index.cjs': '',
    },
  },
};
// `#internal` needs an `imports` field.
fixtures.esm.files['package.json'] = '{"name":"app","type":"module","imports":{"#internal":"./src/internal.js"}}';

function fsHooks(seen) {
  const tolerate = (codes, fn) => (p) => {
    try {
      return fn(p);
    } catch (e) {
      if (codes.includes(e.code)) return null;
      throw e;
    }
  };
  const rec = (kind, fn) => async (p) => {
    seen[kind].add(p);
    return fn(p);
  };
  return {
    readFile: rec('readFile', tolerate(['ENOENT', 'EISDIR'], (p) => fs.readFileSync(p))),
    stat: rec('stat', tolerate(['ENOENT', 'ENOTDIR'], (p) => fs.statSync(p))),
    readlink: rec('readlink', tolerate(['EINVAL', 'ENOENT', 'ENOTDIR'], (p) => fs.readlinkSync(p))),
  };
}

async function questions(trace, base, entry) {
  const seen = { readFile: new Set(), stat: new Set(), readlink: new Set() };
  const result = await trace([entry], { base, ...fsHooks(seen) });
  return { result, seen };
}

const exists = (p) => {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
};
const isDir = (p) => {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
};
const throughLink = (p) => exists(p) && fs.realpathSync(p) !== p;
const sorted = (xs) => [...xs].sort();

for (const [name, fixture] of Object.entries(fixtures)) {
  test(`hooks are asked about @vercel/nft's paths: ${name}`, { skip: !ref && '@vercel/nft not installed (run scripts/install-test-deps.sh)' }, async (t) => {
    const base = tree(fixture.files);
    const entry = path.join(base, fixture.entry);
    const ours = await questions(nodeFileTrace, base, entry);
    const theirs = await questions(ref.nodeFileTrace, base, entry);
    const withoutHooks = await nodeFileTrace([entry], { base });
    assert.deepStrictEqual(sorted(ours.result.fileList), sorted(withoutHooks.fileList), 'hooks change nothing');
    assert.deepStrictEqual(sorted(ours.result.fileList), sorted(theirs.result.fileList), "@vercel/nft's fileList");
    const only = (kind, a, b) => sorted([...a.seen[kind]].filter((p) => !b.seen[kind].has(p)));
    const unexplained = [];
    const check = (kind, list, ok, why) => {
      for (const p of list) if (!ok(p)) unexplained.push(`${kind} ${why}: ${path.relative(base, p) || '.'}`);
    };
    // readFile
    check('readFile', only('readFile', ours, theirs), (p) => exists(p) && path.basename(p) === 'package.json', 'only nft-rs');
    check('readFile', only('readFile', theirs, ours), (p) => !exists(p), 'only @vercel/nft');
    // readlink
    check('readlink', only('readlink', ours, theirs), throughLink, 'only nft-rs');
    check('readlink', only('readlink', theirs, ours), (p) => p === base || !exists(p) || throughLink(p), 'only @vercel/nft');
    // stat
    const asked = (p) => ours.seen.stat.has(p) || ours.seen.readlink.has(p);
    check('stat', sorted([...theirs.seen.stat].filter((p) => !asked(p))), (p) => !exists(p), 'only @vercel/nft');
    check('stat', only('stat', ours, theirs), (p) => p === base || p === entry || isDir(p) || !exists(p) || throughLink(p), 'only nft-rs');
    for (const kind of ['readFile', 'stat', 'readlink']) {
      t.diagnostic(`${kind}: nft-rs ${ours.seen[kind].size} paths, @vercel/nft ${theirs.seen[kind].size}`);
    }
    assert.deepStrictEqual(unexplained, []);
  });
}

test('a resolve hook is asked the same questions as under @vercel/nft', { skip: !ref && '@vercel/nft not installed (run scripts/install-test-deps.sh)' }, async () => {
  for (const fixture of Object.values(fixtures)) {
    const base = tree(fixture.files);
    const entry = path.join(base, fixture.entry);
    const run = async (trace, fallback) => {
      const calls = new Set();
      const result = await trace([entry], {
        base,
        resolve: (id, parent, job, cjs) => {
          calls.add(`${id} from ${path.relative(base, parent)} ${cjs ? 'require' : 'import'}`);
          return fallback(id, parent, job, cjs);
        },
      });
      return { calls: sorted(calls), files: sorted(result.fileList) };
    };
    const ours = await run(nodeFileTrace, resolve);
    const theirs = await run(ref.nodeFileTrace, ref.resolve);
    assert.deepStrictEqual(ours, theirs, fixture.entry);
  }
});
