// corpus entry: @resvg/resvg-js (napi-rs, platform package; SVG to PNG)
const { Resvg } = require('@resvg/resvg-js');
const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="blue"/></svg>';
const png = new Resvg(svg).render();
console.log(png.width, png.height, png.asPng().subarray(1, 4).toString());
