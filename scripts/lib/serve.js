// Booting a standalone Next.js server and asking it the routes of an app's e2e.json,
// shared by the end-to-end drivers (scripts/next-e2e.js, nix-e2e.js, adapter-e2e.js):
// a free port on 127.0.0.1, the server started with PORT/HOSTNAME (as the unprivileged
// user when asked and we are root), polled until it answers, each route requested
// (a GET, or the POST of a server action found in the page), the answers compared
// with a reference server's, the server stopped.
'use strict';

const crypto = require('node:crypto');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const asRoot = process.getuid && process.getuid() === 0;
/** The unprivileged user (`nobody`) a server runs as when the tests run as root. */
const NOBODY = 65534;

/** The headers compared between two answers. Not `x-nextjs-cache`: HIT or STALE says
 * how long ago the page was prerendered. */
const KEY_HEADERS = ['content-type', 'cache-control', 'x-nft-middleware', 'x-nft-proxy', 'location'];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts `argv` (a `server.js` path alone means `node server.js` in its folder) on a
 * free port and waits until it answers. Options: `cwd`, `env` (added to ours),
 * `unprivileged` (run as NOBODY when we are root). Returns `{ child, base, output() }`.
 */
async function boot(argv, options = {}) {
  if (typeof argv === 'string') {
    options = { cwd: path.dirname(argv), ...options };
    argv = [process.execPath, argv];
  }
  const label = argv.length === 2 && argv[0] === process.execPath ? argv[1] : argv.join(' ');
  const port = await freePort();
  const cmd = options.unprivileged && asRoot
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...argv]
    : argv;
  const child = spawn(cmd[0], cmd.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, PORT: String(port), HOSTNAME: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${label} exited ${child.exitCode}:\n${output}`);
    try {
      await fetch(base + '/__nft_rs_ping', { redirect: 'manual' });
      return { child, base, output: () => output };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${label} did not start:\n${output}`);
}

function stop(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 3000);
    server.child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.child.kill('SIGTERM');
  });
}

/**
 * Asks `route` (`{ path, action?, binary?, headers? }` of e2e.json) of the server at
 * `base`. A server action is posted with the action id its page names. Returns
 * `{ status, headers, cache, bytes, body }`; `body` is the text, or a hash for a
 * binary route.
 */
async function request(base, route) {
  let init = { redirect: 'manual', headers: route.headers || {} };
  if (route.action) {
    const page = await (await fetch(base + route.path)).text();
    const id = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(page);
    if (!id) return { status: 'no action id in page', headers: {}, cache: null, bytes: Buffer.alloc(0), body: '' };
    const form = new FormData();
    form.append(`$ACTION_ID_${id[1]}`, '');
    init = { method: 'POST', body: form, redirect: 'manual' };
  }
  const response = await fetch(base + route.path, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers = {};
  for (const h of KEY_HEADERS) headers[h] = response.headers.get(h);
  const body = route.binary
    ? `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`
    : bytes.toString('utf8');
  return { status: response.status, headers, cache: response.headers.get('x-nextjs-cache'), bytes, body };
}

/** Boots the server (`boot`'s arguments), asks every route in order, stops it: the answers. */
async function serveAll(argv, routes, options = {}) {
  const server = await boot(argv, options);
  const answers = [];
  try {
    for (const route of routes) answers.push(await request(server.base, route));
  } finally {
    await stop(server);
  }
  return answers;
}

/**
 * Compares the answers `ours` with the reference's, route by route (status, the key
 * headers, the body's bytes). Returns how many are the same and a sentence per route
 * that differs, named by `label`.
 */
function compareAnswers(label, routes, ref, ours) {
  const failures = [];
  routes.forEach((route, i) => {
    const a = ref[i];
    const b = ours[i];
    const problems = [];
    if (a.status !== b.status) problems.push(`status ${a.status} vs ${b.status}`);
    for (const h of KEY_HEADERS) if (a.headers[h] !== b.headers[h]) problems.push(`${h} ${a.headers[h]} vs ${b.headers[h]}`);
    if (!a.bytes.equals(b.bytes)) problems.push(`body differs (${a.bytes.length} vs ${b.bytes.length} bytes)`);
    if (problems.length) failures.push(`${label} ${route.action ? 'POST ' : ''}${route.path}: ${problems.join('; ')}`);
  });
  return { same: routes.length - failures.length, failures };
}

module.exports = { KEY_HEADERS, NOBODY, asRoot, boot, compareAnswers, freePort, request, serveAll, stop };
