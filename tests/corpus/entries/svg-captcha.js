// corpus entry: svg-captcha (loads its font file at run time)
const svgCaptcha = require('svg-captcha');
const svg = svgCaptcha('abcd', { noise: 0 });
console.log(svg.startsWith('<svg'), svg.includes('<path'));
