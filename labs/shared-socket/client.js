// A client that only watches: it connects, sends nothing, and reports everything that
// arrives, including the end of the stream (a FIN) and when it came.
//
// Run it:  PORT=4321 node client.js
'use strict';

const net = require('node:net');

const PORT = Number(process.env.PORT || 4321);
const started = Date.now();
const at = () => `+${((Date.now() - started) / 1000).toFixed(1)} s`;

// allowHalfOpen: when the server's FIN arrives, keep our side open, as a reader that has
// not finished would; we close only once both holders are gone.
const socket = net.connect({ port: PORT, host: '127.0.0.1', allowHalfOpen: true });
socket.setEncoding('utf8');
socket.on('connect', () => console.log(`client: ${at()} connected; watching`));
socket.on('data', (text) => console.log(`client: ${at()} received: ${text.trim()}`));
socket.on('end', () => {
  console.log(`client: ${at()} end of stream: a FIN arrived`);
  socket.end();
});
socket.on('error', (err) => console.log(`client: ${at()} socket error ${err.code}`));
socket.on('close', () => console.log(`client: ${at()} connection closed`));
