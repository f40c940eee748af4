// corpus entry: amqplib (no broker: credentials and the AMQP frame codec)
const amqp = require('amqplib');

const plain = amqp.credentials.plain('u', 'p');
console.log(typeof amqp.connect, plain.mechanism, plain.response().toString('hex'));
