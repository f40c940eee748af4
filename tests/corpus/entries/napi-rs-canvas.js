// corpus entry: @napi-rs/canvas (napi-rs, platform package; image)
const { createCanvas } = require('@napi-rs/canvas');
const canvas = createCanvas(8, 8);
const ctx = canvas.getContext('2d');
ctx.fillStyle = '#ff0000';
ctx.fillRect(0, 0, 4, 4);
console.log(Array.from(ctx.getImageData(0, 0, 1, 1).data), canvas.toBuffer('image/png').subarray(1, 4).toString());
