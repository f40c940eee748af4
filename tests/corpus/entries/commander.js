// corpus entry: commander@13.0.0
const { Command } = require('commander');
console.log(new Command().option('-x').parse(['node', 'x', '-x']).opts().x);
