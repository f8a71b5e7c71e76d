// Each line you type opens a new connection, sends the line, and prints the answer.
//
// Run it:  PORT=4321 node client.js
'use strict';

const net = require('node:net');
const readline = require('node:readline');

const PORT = Number(process.env.PORT || 4321);

console.log('client: type a name to send it on a new connection');
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const socket = net.connect(PORT, '127.0.0.1', () => socket.write(`${line}\n`));
  socket.setEncoding('utf8');
  socket.on('data', (text) => console.log(`client: received: ${text.trim()}`));
  socket.on('end', () => console.log('client: the server closed first (FIN received)'));
  socket.on('error', (err) => console.log(`client: could not talk to the server: ${err.code}`));
});
