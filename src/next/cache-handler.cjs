'use strict';
// Written by nft-rs: a Next.js `cacheHandler` for a standalone folder that cannot be
// written to (a Nix store path, a read-only container layer). `server.js` selects it
// when NFT_RS_CACHE_DIR is set and the app configured no `cacheHandler` of its own.
//
// Two layers of Next's own FileSystemCache (from the installed `next`, so its file
// layout and freshness rules are the version's own):
// - the build's prerendered pages and route bodies in `.next/server`, read only;
// - NFT_RS_CACHE_DIR/server, read first and written: regenerated ISR pages and route
//   bodies (`server/pages`, `server/app`, `server/route-cache`) and the fetch cache
//   (`cache/fetch-cache`), at the paths Next uses under `.next`.
// Optimised images (Next 16's `images.customCacheHandler`) go to
// NFT_RS_CACHE_DIR/images/<key>.json + <key>.bin, each written to a temporary name
// and renamed, so a reader never sees half a file (Next 15: see redirectImageCache).
const fs = require('node:fs');
const path = require('node:path');

const startedAt = Date.now();
const EPOCH_DAY = 24 * 60 * 60 * 1000;
const cacheRoot = path.resolve(process.env.NFT_RS_CACHE_DIR || '.nft-rs-cache');
const imagesDir = path.join(cacheRoot, 'images');

function imageFile(key, suffix) {
  return path.join(imagesDir, `${String(key).replace(/[^A-Za-z0-9_-]/g, '_')}${suffix}`);
}

async function writeReplacing(file, data) {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.promises.writeFile(temporary, data);
  await fs.promises.rename(temporary, file);
}

class NftRsCacheHandler {
  constructor(ctx) {
    const FileSystemCache = require('next/dist/server/lib/incremental-cache/file-system-cache').default;
    const cacheFs = ctx.fs || require('next/dist/server/lib/node-fs-methods').nodeFs;
    this.writable = new FileSystemCache({
      ...ctx,
      fs: cacheFs,
      serverDistDir: path.join(cacheRoot, 'server'),
    });
    this.seed = ctx.serverDistDir
      ? new FileSystemCache({ ...ctx, fs: cacheFs, flushToDisk: false })
      : null;
  }

  async get(key, ctx) {
    if (ctx && ctx.kind === 'IMAGE') return getImage(key);
    const fresh = await this.writable.get(key, ctx);
    if (fresh || !this.seed) return fresh;
    const seeded = await this.seed.get(key, ctx);
    // Nix gives every store file the mtime 1 (1970): Next would take the build's
    // pages as 56 years old, expired, and render each on its first request. They are
    // taken as written when the server started, as on a folder deployed then.
    if (seeded && typeof seeded.lastModified === 'number' && seeded.lastModified < EPOCH_DAY) {
      seeded.lastModified = startedAt;
    }
    return seeded;
  }

  async set(key, data, ctx) {
    if ((data && data.kind === 'IMAGE') || (ctx && ctx.kind === 'IMAGE')) {
      return setImage(key, data);
    }
    return this.writable.set(key, data, ctx);
  }

  async revalidateTag(...args) {
    return this.writable.revalidateTag(...args);
  }

  resetRequestCache() {
    this.writable.resetRequestCache();
  }
}

async function getImage(key) {
  try {
    const meta = JSON.parse(await fs.promises.readFile(imageFile(key, '.json'), 'utf8'));
    const buffer = await fs.promises.readFile(imageFile(key, '.bin'));
    return {
      lastModified: meta.lastModified,
      value: {
        kind: 'IMAGE',
        etag: meta.etag,
        upstreamEtag: meta.upstreamEtag,
        extension: meta.extension,
        revalidate: meta.revalidate,
        buffer,
      },
    };
  } catch {
    return null;
  }
}

async function setImage(key, data) {
  if (!data || !data.buffer) return;
  await fs.promises.mkdir(imagesDir, { recursive: true });
  // The body first: a meta file always names a complete body.
  await writeReplacing(imageFile(key, '.bin'), data.buffer);
  const meta = {
    lastModified: Date.now(),
    etag: data.etag,
    upstreamEtag: data.upstreamEtag,
    extension: data.extension,
    revalidate: data.revalidate,
  };
  await writeReplacing(imageFile(key, '.json'), JSON.stringify(meta));
}

// Next 15 has no `images.customCacheHandler`: its image cache is `<distDir>/cache/images`,
// set in ImageOptimizerCache's constructor. An accessor on the class's prototype keeps
// that folder at NFT_RS_CACHE_DIR/images instead (Next's own layout and disk LRU; no
// file of Next's is changed). server.js calls this once at start-up.
function redirectImageCache() {
  let major;
  try {
    major = Number(require('next/package.json').version.split('.')[0]);
  } catch {
    return;
  }
  if (!(major < 16)) return;
  const { ImageOptimizerCache } = require('next/dist/server/image-optimizer');
  Object.defineProperty(ImageOptimizerCache.prototype, 'cacheDir', {
    configurable: true,
    get() {
      return imagesDir;
    },
    set() {},
  });
}

module.exports = NftRsCacheHandler;
module.exports.default = NftRsCacheHandler;
module.exports.redirectImageCache = redirectImageCache;
