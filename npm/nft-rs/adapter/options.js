'use strict';
// The adapter's options: `nft-rs.adapter.json` beside next.config, then the
// NFT_RS_ADAPTER_* environment variables (which win). See adapter.d.ts.
const fs = require('fs');
const path = require('path');

const DEFAULTS = Object.freeze({
  standalone: true,
  relocatable: true,
  withStatic: true,
  dereference: false,
  strict: false,
  redirect: true,
  check: true,
  args: [],
});

const ENV = {
  standalone: 'NFT_RS_ADAPTER_STANDALONE',
  relocatable: 'NFT_RS_ADAPTER_RELOCATABLE',
  withStatic: 'NFT_RS_ADAPTER_WITH_STATIC',
  dereference: 'NFT_RS_ADAPTER_DEREFERENCE',
  strict: 'NFT_RS_ADAPTER_STRICT',
  redirect: 'NFT_RS_ADAPTER_REDIRECT',
  check: 'NFT_RS_ADAPTER_CHECK',
};

const CONFIG_FILE = 'nft-rs.adapter.json';

function flag(name, value) {
  const v = String(value).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new Error(`nft-rs adapter: ${name}=${JSON.stringify(value)} is not a boolean (use 1/0, true/false)`);
}

/** The options for the app in `projectDir`; throws on a malformed file or value. */
function readOptions(projectDir, env = process.env) {
  const opts = { ...DEFAULTS, args: [] };
  const file = projectDir ? path.join(projectDir, CONFIG_FILE) : null;
  if (file && fs.existsSync(file)) {
    let json;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`nft-rs adapter: cannot read ${file}: ${e.message}`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new Error(`nft-rs adapter: ${file}: expected an object`);
    }
    for (const [key, value] of Object.entries(json)) {
      if (key === 'args') {
        if (!Array.isArray(value) || value.some((a) => typeof a !== 'string')) {
          throw new Error(`nft-rs adapter: ${file}: "args" must be an array of strings`);
        }
        opts.args = value.slice();
      } else if (key in ENV) {
        if (typeof value !== 'boolean') throw new Error(`nft-rs adapter: ${file}: "${key}" must be true or false`);
        opts[key] = value;
      } else if (key !== '$schema') {
        throw new Error(`nft-rs adapter: ${file}: unknown option "${key}" (known: ${[...Object.keys(ENV), 'args'].join(', ')})`);
      }
    }
  }
  for (const [key, name] of Object.entries(ENV)) {
    if (env[name] !== undefined) opts[key] = flag(name, env[name]);
  }
  return opts;
}

/** The `nft-rs trace` arguments these options ask for. */
function traceArgs(projectDir, opts) {
  const args = ['trace', projectDir, '--json'];
  if (!opts.standalone) args.push('--no-standalone');
  if (opts.relocatable) args.push('--relocatable');
  if (opts.withStatic) args.push('--with-static');
  if (opts.dereference) args.push('--dereference');
  if (opts.strict) args.push('--strict');
  args.push(...opts.args);
  return args;
}

module.exports = { readOptions, traceArgs, DEFAULTS, ENV, CONFIG_FILE };
