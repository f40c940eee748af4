// corpus entry: firebase-admin@13.0.2
const admin = require('firebase-admin');
const app = admin.initializeApp({ projectId: 'demo-nft' });
console.log(app.name, typeof admin.firestore);
