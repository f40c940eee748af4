// corpus entry: kafkajs (clients built, never connected)
const { Kafka, logLevel } = require('kafkajs');
const kafka = new Kafka({ clientId: 'corpus', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING });
console.log(typeof kafka.producer().send, typeof kafka.consumer({ groupId: 'g' }).run);
