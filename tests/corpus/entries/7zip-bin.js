// corpus entry: 7zip-bin (ships the 7za binary; spawned by a path built from process.platform/arch)
const fs = require('fs');
const { path7za } = require('7zip-bin');
const { spawnSync } = require('child_process');
fs.chmodSync(path7za, 0o755); // npm does not keep its mode; its users (electron-builder) chmod it too
const r = spawnSync(path7za, ['i'], { encoding: 'utf8' });
console.log(r.status, /7-Zip/.test(r.stdout));
