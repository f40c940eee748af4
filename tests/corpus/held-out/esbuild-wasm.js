// corpus entry: esbuild-wasm (spawns node on its own bin with the .wasm)
const esbuild = require('esbuild-wasm');
esbuild.transform('let a: number = 1 + 2', { loader: 'ts' }).then((r) => { console.log(r.code.trim()); esbuild.stop(); });
