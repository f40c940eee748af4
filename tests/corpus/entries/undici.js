// corpus entry: undici@7.2.0
const { Headers, Agent } = require('undici');
console.log(new Headers({ a: '1' }).get('a'), typeof Agent);
