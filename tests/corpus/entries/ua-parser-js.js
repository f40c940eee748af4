// corpus entry: ua-parser-js
const { UAParser } = require('ua-parser-js');
const r = UAParser('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36');
console.log(r.browser.name, r.browser.major, r.os.name);
