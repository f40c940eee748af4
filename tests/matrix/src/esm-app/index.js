// An ES module program: files located from import.meta.url, a lazy import.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const messages = JSON.parse(readFileSync(new URL('./data/messages.json', import.meta.url), 'utf8'));
const page = readFileSync(path.join(here, 'templates', 'page.html'), 'utf8');
const { shout } = await import('./lib/lazy.js');
console.log(messages.hello, page.trim().length, shout('esm'));
