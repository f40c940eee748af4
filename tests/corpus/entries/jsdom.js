// corpus entry: jsdom
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><p class="x">Hello <b>world</b></p>');
const p = dom.window.document.querySelector('.x');
console.log(p.textContent, dom.window.getComputedStyle(p).display);
dom.window.close();
