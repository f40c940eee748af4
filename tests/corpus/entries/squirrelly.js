// corpus entry: squirrelly
const Sqrl = require('squirrelly');
console.log(Sqrl.render('Hi {{it.name}}{{@each(it.xs) => x}} {{x}}{{/each}}', { name: 'nft', xs: [1, 2] }));
