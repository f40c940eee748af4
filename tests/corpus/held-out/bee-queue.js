// corpus entry: bee-queue (readdir + readFile of its Lua scripts at run time; a fake Redis client)
const Queue = require('bee-queue');
const lua = require('bee-queue/lib/lua');
const loaded = [];
const client = { script: (cmd, arg, done) => (cmd === 'exists' ? done(null, [0]) : (loaded.push(arg.length > 0), done(null, 'sha'))) };
lua.buildCache(client).then(() => console.log(typeof Queue, Object.keys(lua.scripts).sort().join(','), loaded.length));
