// A client that sends a request and waits for the answer, but not forever: after
// TIMEOUT_MS of silence the socket emits 'timeout', and the client gives up.
// socket.setTimeout() only reports the silence; ending the socket is the client's decision.
//
// Run it:  PORT=4321 TIMEOUT_MS=2000 node client.js
'use strict';

const net = require('node:net');

const PORT = Number(process.env.PORT || 4321);
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS || 2000);

const socket = net.connect(PORT, '127.0.0.1', () => {
  console.log(`client: connected; sending a request and waiting up to ${TIMEOUT_MS} ms`);
  socket.write('request\n');
});

socket.setTimeout(TIMEOUT_MS);
socket.on('timeout', () => {
  console.log(`client: no answer for ${TIMEOUT_MS} ms: giving up`);
  socket.destroy();
});
socket.on('data', (data) => console.log(`client: answer ${JSON.stringify(data.toString())}`));
socket.on('error', (err) => console.log(`client: error ${err.code}`));
socket.on('close', () => console.log('client: socket closed'));
