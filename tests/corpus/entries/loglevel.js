// corpus entry: loglevel
const log = require('loglevel');
log.setLevel('info');
log.info('hello');
log.debug('hidden');
console.log(log.getLevel());
