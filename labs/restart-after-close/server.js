// A server that closes first, serves one client and exits: then start it again at once.
//
// It answers one line, then ends the connection itself, before the client does. The side
// that closes first is the one that waits in TIME-WAIT (about 60 s on Linux), so after
// this server exits, the kernel still holds a socket on its port. A C server restarted
// now fails to bind() with EADDRINUSE unless it sets SO_REUSEADDR; see what Node does.
//
// Run it:  PORT=4321 node server.js
'use strict';

const net = require('node:net');

const PORT = Number(process.env.PORT || 4321);

const server = net.createServer((socket) => {
  socket.setEncoding('utf8');
  socket.once('data', (line) => {
    socket.end(`hello, ${line.trim()}; this server closes first\n`);
    console.log('server: answered, and closed first: this side goes into TIME-WAIT');
  });
  socket.on('error', (err) => console.log(`server: socket error ${err.code}`));
  socket.on('close', () => {
    console.log('server: connection closed; one client served, so the server exits');
    server.close();
  });
});

// No 'error' listener on the server: a failed listen() ends the process with the error.
server.listen(PORT, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${PORT}`));
