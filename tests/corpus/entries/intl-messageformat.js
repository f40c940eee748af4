// corpus entry: intl-messageformat
const { IntlMessageFormat } = require('intl-messageformat');
const m = new IntlMessageFormat('{n, plural, one {# file} other {# files}} traced', 'en');
console.log(m.format({ n: 1 }), m.format({ n: 42 }));
