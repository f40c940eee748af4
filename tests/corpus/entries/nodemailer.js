// corpus entry: nodemailer@6.9.16
const nodemailer = require('nodemailer');
const t = nodemailer.createTransport({ jsonTransport: true });
t.sendMail({ from: 'a@b.c', to: 'd@e.f', text: 'hi' }).then((i) => console.log(JSON.parse(i.message).text));
