// A server that accepts connections, reads requests, and never answers: the kind of peer
// that leaves a client waiting forever unless the client decides to stop.
//
// Run it:  PORT=4321 node server.js
'use strict';

const net = require('node:net');

const PORT = Number(process.env.PORT || 4321);

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  console.log('server: accepted a connection; it will never get an answer');
  socket.on('data', (data) => console.log(`server: received ${JSON.stringify(data.toString())}`));
  socket.on('end', () => console.log('server: the client ended its side'));
  socket.on('error', (err) => console.log(`server: error ${err.code}`));
  socket.on('close', () => console.log('server: connection closed'));
});

server.listen(PORT, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${PORT}`));
