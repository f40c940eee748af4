// corpus entry: figlet (reads font files from its package at run time)
const figlet = require('figlet');
console.log(figlet.textSync('nft', { font: 'Standard' }));
console.log(figlet.textSync('rs', { font: 'Slant' }));
