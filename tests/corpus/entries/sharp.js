// corpus entry: sharp@0.33.5
const sharp = require('sharp');
sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toBuffer({ resolveWithObject: true }).then(({ info }) => console.log(info.width, info.format));
