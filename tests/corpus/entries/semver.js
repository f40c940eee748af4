// corpus entry: semver@7.6.3
const semver = require('semver');
console.log(semver.satisfies('1.2.3', '^1.0.0'));
