// corpus entry: debug
const createDebug = require('debug');
createDebug.inspectOpts.hideDate = true;
createDebug.inspectOpts.colors = false;
createDebug.enable('corpus:*');
const d = createDebug('corpus:x');
d.useColors = false;
d.log = (...args) => console.log(...args);
d('hello %s', 'world');
console.log(d.enabled, createDebug('other').enabled);
