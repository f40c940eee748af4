// corpus entry: opentype.js (builds a font in memory)
import opentype from 'opentype.js';
const notdef = new opentype.Glyph({ name: '.notdef', unicode: 0, advanceWidth: 650, path: new opentype.Path() });
const font = new opentype.Font({ familyName: 'T', styleName: 'R', unitsPerEm: 1000, ascender: 800, descender: -200, glyphs: [notdef] });
console.log(font.glyphs.length, font.toArrayBuffer().byteLength > 100);
