// corpus entry: mqtt (packet codec; no broker)
const mqtt = require('mqtt');
console.log(typeof mqtt.connect, typeof mqtt.MqttClient);
