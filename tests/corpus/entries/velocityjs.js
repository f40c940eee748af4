// corpus entry: velocityjs
const Velocity = require('velocityjs');
console.log(Velocity.render('Hi $name#foreach($x in $xs) $x#end', { name: 'nft', xs: [1, 2] }));
