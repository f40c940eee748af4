// corpus entry: xml2js@0.6.2
const { parseStringPromise } = require('xml2js');
parseStringPromise('<a>1</a>').then((r) => console.log(r.a));
