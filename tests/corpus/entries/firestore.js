// corpus entry: @google-cloud/firestore@7.11.0
const { Firestore } = require('@google-cloud/firestore');
const db = new Firestore({ projectId: 'demo-nft' });
console.log(db.collection('users').doc('a').path);
