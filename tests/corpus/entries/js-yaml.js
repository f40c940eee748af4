// corpus entry: js-yaml
const yaml = require('js-yaml');
console.log(JSON.stringify(yaml.load('a: 1\nb: [x, y]\nc: {d: true}')), yaml.dump({ e: [1, 2] }).trim());
