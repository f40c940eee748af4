// corpus entry: qrcode
const QRCode = require('qrcode');
QRCode.toString('nft-rs', { type: 'utf8' }).then((s) => console.log(s));
