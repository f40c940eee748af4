// corpus entry: tiktoken (WASM read from the package at run time)
const { get_encoding } = require('tiktoken');
const enc = get_encoding('gpt2');
console.log(Array.from(enc.encode('hello world')));
enc.free();
