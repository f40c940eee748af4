'use strict';
// The deep import `@vercel/nft/out/resolve-dependency` some tools use (Vercel's
// Node builder calls its default export from a `resolve` hook).
const { resolve } = require('../index.js');

class NotFoundError extends Error {
  constructor(specifier, paths) {
    super(`Cannot find module '${specifier}' loaded from ${paths}`);
    this.code = 'MODULE_NOT_FOUND';
  }
}

module.exports = { __esModule: true, default: resolve, NotFoundError };
