// corpus entry: ws@8.18.0
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ noServer: true });
console.log(typeof wss.handleUpgrade); wss.close();
