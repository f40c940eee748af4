// corpus entry: pino-pretty
const { prettyFactory } = require('pino-pretty');
const pretty = prettyFactory({ colorize: false, translateTime: false, ignore: 'pid,hostname,time' });
console.log(pretty({ level: 30, time: 0, msg: 'hello', extra: 1 }).trim());
