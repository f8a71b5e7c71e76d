// The peer's view: a server that reports everything a client's socket does to it.
// Start it, then use the client to end each connection a different way.
//
// Run it:  PORT=4321 node server.js
'use strict';

const net = require('node:net');

const PORT = Number(process.env.PORT || 4321);
let next = 1;

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  const name = `connection ${next++}`;
  const log = (text) => console.log(`server: ${name}: ${text}`);
  log('accepted');

  socket.on('data', (data) => log(`received ${JSON.stringify(data.toString())}`));
  socket.on('end', () => {
    log("'end': the client sent a FIN (read() returned 0)");
    socket.end(); // our side is done too
  });
  // Unlike the experiment's server, this one listens for errors: it reports them and lives.
  socket.on('error', (err) => log(`'error': ${err.code}`));
  socket.on('close', (hadError) => log(`'close'${hadError ? ' after an error' : ''}`));
});

server.listen(PORT, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${PORT}`));
