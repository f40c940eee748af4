// corpus entry: pdfkit@0.15.2
const PDF = require('pdfkit');
const d = new PDF();
console.log(d.widthOfString('abc').toFixed(2));
