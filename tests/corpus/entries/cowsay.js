// corpus entry: cowsay (reads .cow files from its package at run time)
const cowsay = require('cowsay');
console.log(cowsay.say({ text: 'moo' }));
console.log(cowsay.think({ text: 'hmm', f: 'tux' }));
