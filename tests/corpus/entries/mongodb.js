// corpus entry: mongodb@6.12.0
const { ObjectId, MongoClient } = require('mongodb');
console.log(new ObjectId('64b7f0000000000000000000').toHexString(), typeof MongoClient);
