// corpus entry: cheerio@1.0.0
const cheerio = require('cheerio');
console.log(cheerio.load('<p>hi</p>')('p').text());
