// Bundled by webpack (target node, production): express stays external, the
// local modules and the builtins go into the bundle's module table.
const path = require('path');
const fs = require('fs');
const express = require('express');
const { greet } = require('./greet');

const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
const app = express();
app.get('/', (req, res) => res.send(greet(config.name)));
const server = app.listen(0, '127.0.0.1', async () => {
  const res = await fetch(`http://127.0.0.1:${server.address().port}/`);
  console.log(res.status, await res.text());
  server.close();
});
