// corpus entry: mongoose@8.9.3
const mongoose = require('mongoose');
const s = new mongoose.Schema({ name: String });
console.log(Object.keys(s.paths).sort().join(','));
