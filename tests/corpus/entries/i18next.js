// corpus entry: i18next
const i18next = require('i18next');
i18next.init({ lng: 'fr', resources: { fr: { translation: { hi: 'Bonjour {{name}}', item_one: '{{count}} objet', item_other: '{{count}} objets' } } } })
  .then((t) => console.log(t('hi', { name: 'nft' }), t('item', { count: 3 })));
