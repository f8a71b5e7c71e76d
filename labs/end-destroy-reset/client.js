// Ends connections in each of Node's three ways. Type one of:
//   end      socket.end()              shutdown(SHUT_WR): a FIN, and keep reading
//   destroy  socket.destroy()          close(): a FIN, both directions closed
//   reset    socket.resetAndDestroy()  SO_LINGER {1, 0} + close(): an RST
// Each command opens a new connection, sends a greeting, and ends it that way.
//
// Run it:  PORT=4321 node client.js
'use strict';

const net = require('node:net');
const readline = require('node:readline');

const PORT = Number(process.env.PORT || 4321);
const ways = { end: 'end', destroy: 'destroy', reset: 'resetAndDestroy' };

console.log('client: type end, destroy or reset');
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const way = line.trim();
  if (!ways[way]) {
    console.log('client: type end, destroy or reset');
    return;
  }
  const socket = net.connect(PORT, '127.0.0.1', () => {
    socket.write(`hello, then ${way}\n`, () => {
      // Give the greeting a moment to arrive, then end the connection this way.
      setTimeout(() => {
        console.log(`client: ${ways[way]}()`);
        socket[ways[way]]();
      }, 100);
    });
  });
  socket.on('error', (err) => console.log(`client: error ${err.code}`));
  socket.on('close', () => console.log('client: socket closed'));
});
