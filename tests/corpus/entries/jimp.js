// corpus entry: jimp
const { Jimp } = require('jimp');
(async () => {
  const img = new Jimp({ width: 4, height: 4, color: 0xff0000ff });
  img.resize({ w: 2, h: 2 });
  const png = await img.getBuffer('image/png');
  console.log(img.width, img.height, png.subarray(1, 4).toString(), img.getPixelColor(0, 0).toString(16));
})();
