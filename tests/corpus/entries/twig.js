// corpus entry: twig
const Twig = require('twig');
console.log(Twig.twig({ data: 'Hi {{ name|upper }}{% for x in xs %} {{ x }}{% endfor %}' }).render({ name: 'nft', xs: [1, 2] }));
