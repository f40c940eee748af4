// corpus entry: consola
const { createConsola } = require('consola');
const logger = createConsola({ fancy: false, reporters: [{ log: (o) => console.log(o.type, o.args.join(' ')) }] });
logger.info('hello', 'world');
logger.warn('careful');
