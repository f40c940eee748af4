// corpus entry: @google-cloud/storage@7.14.0
const { Storage } = require('@google-cloud/storage');
console.log(new Storage({ projectId: 'demo' }).bucket('b').name);
