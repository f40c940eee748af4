module.exports = { name: 'basic' };
