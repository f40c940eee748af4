// corpus entry: protobufjs (reflection, encode/decode)
const protobuf = require('protobufjs');
const root = protobuf.parse('syntax = "proto3"; message M { string name = 1; int32 n = 2; }').root;
const M = root.lookupType('M');
const buf = M.encode(M.create({ name: 'x', n: 5 })).finish();
console.log(buf.length, JSON.stringify(M.toObject(M.decode(buf))));
