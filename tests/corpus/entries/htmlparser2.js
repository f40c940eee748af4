// corpus entry: htmlparser2
const { parseDocument, DomUtils } = require('htmlparser2');
const doc = parseDocument('<ul><li>a</li><li>b</li></ul>');
console.log(DomUtils.getElementsByTagName('li', doc).map((e) => DomUtils.textContent(e)).join(','));
