// corpus entry: yaml
const YAML = require('yaml');
console.log(JSON.stringify(YAML.parse('a: 1\nb: [x, y]')), YAML.stringify({ c: { d: true } }).trim());
