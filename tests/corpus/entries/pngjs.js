// corpus entry: pngjs
const { PNG } = require('pngjs');
const png = new PNG({ width: 2, height: 2 });
png.data.fill(128);
const buf = PNG.sync.write(png);
console.log(PNG.sync.read(buf).width, Array.from(PNG.sync.read(buf).data.subarray(0, 4)));
