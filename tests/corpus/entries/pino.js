// corpus entry: pino@9.5.0
const pino = require('pino');
console.log(typeof pino().info, pino.levels.values.info);
