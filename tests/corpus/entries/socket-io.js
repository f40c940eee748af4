// corpus entry: socket.io@4.8.1
const { Server } = require('socket.io');
const io = new Server();
console.log(typeof io.on, typeof io.of('/chat').emit);
