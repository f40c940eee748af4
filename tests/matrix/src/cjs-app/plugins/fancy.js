module.exports = { name: 'fancy' };
