// corpus entry: fast-xml-parser
const { XMLParser, XMLBuilder } = require('fast-xml-parser');
const obj = new XMLParser({ ignoreAttributes: false }).parse('<a x="1"><b>hi</b><b>yo</b></a>');
console.log(JSON.stringify(obj), new XMLBuilder().build({ c: { d: 2 } }));
