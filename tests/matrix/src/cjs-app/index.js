// A server-side program as people write it in ES syntax for a CommonJS target:
// namespace and named imports of builtins, files read beside the output through
// __dirname, a computed require, a lazy import (a chunk in bundles).
import * as path from 'path';
import * as fs from 'fs';
import { readFileSync } from 'fs';
import { join } from 'path';
import { greet } from './lib/greet.js';

const lang = process.env.MATRIX_LANG || 'en';
const messages = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'messages.json'), 'utf8'));
const page = readFileSync(join(__dirname, 'templates', 'page.html'), 'utf8');
const locale = JSON.parse(readFileSync(path.resolve(__dirname, 'locales', lang + '.json'), 'utf8'));
// A plugin chosen at run time: a computed require of a file beside the output.
const plugin = require('./plugins/' + (process.env.MATRIX_PLUGIN || 'basic') + '.js');

async function main() {
  const { shout } = await import('./lib/lazy.js');
  console.log(greet(messages.hello), page.trim().length, locale.name, plugin.name, shout('ok'));
}
main();
