// corpus entry: superagent@10.1.1
const superagent = require('superagent');
console.log(typeof superagent.get);
