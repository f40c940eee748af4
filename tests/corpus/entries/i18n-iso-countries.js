// corpus entry: i18n-iso-countries (locale JSON files)
const countries = require('i18n-iso-countries');
countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));
countries.registerLocale(require('i18n-iso-countries/langs/de.json'));
console.log(countries.getName('DE', 'fr'), countries.getName('FR', 'de'), countries.alpha2ToAlpha3('FR'));
