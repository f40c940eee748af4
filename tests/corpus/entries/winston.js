// corpus entry: winston@3.17.0
const winston = require('winston');
const l = winston.createLogger({ transports: [new winston.transports.Console({ silent: true })] });
console.log(typeof l.info, l.level);
