// corpus entry: pdf-lib (standard fonts embedded as data)
const { PDFDocument, StandardFonts } = require('pdf-lib');
(async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('hello', { font, size: 12 });
  console.log(doc.getPageCount(), font.widthOfTextAtSize('hello', 12), (await doc.save({ useObjectStreams: false })).length > 500);
})();
