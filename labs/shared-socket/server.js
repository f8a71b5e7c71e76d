// One connection, two processes holding it: Node's version of fork() and close().
//
// When a client connects, this server starts helper.js with child_process.fork() and
// passes it the connection's socket, keeping its own copy open (keepOpen). Now two
// processes hold file descriptors for the same socket, as a C server's parent and child
// do after fork(). Type into this server:
//   close     destroy() our copy: close(fd). Does the client see a FIN?
//   shutdown  end() our copy: shutdown(fd, SHUT_WR). Does the client see a FIN?
//   helper    ask the helper to say goodbye on the connection and destroy its copy
//
// Run it:  PORT=4321 node server.js
'use strict';

const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');
const { fork } = require('node:child_process');

const PORT = Number(process.env.PORT || 4321);
let socket = null;
let helper = null;

const server = net.createServer({ allowHalfOpen: true }, (connection) => {
  if (socket) {
    console.log('server: this lab shares one connection at a time; refusing another');
    connection.destroy();
    return;
  }
  socket = connection;
  socket.on('error', (err) => console.log(`server: socket error ${err.code}`));
  helper = fork(path.join(__dirname, 'helper.js'));
  helper.on('message', (message) => console.log(`server: the helper says: ${message}`));
  helper.on('exit', (code) => console.log(`server: the helper exited (code ${code})`));
  helper.send('connection', socket, { keepOpen: true }, (err) => {
    if (err) {
      // Passing a socket needs a real operating system's file-descriptor passing.
      console.log(`server: could not pass the socket to the helper: ${err.code || err.message}`);
      return;
    }
    console.log('server: the helper and this server now both hold the connection');
    console.log('server: type close, shutdown or helper');
  });
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (!socket) {
    console.log('server: no connection yet: start the client first');
  } else if (command === 'close') {
    socket.destroy();
    console.log('server: destroy(): our copy is closed; the helper still holds the socket');
  } else if (command === 'shutdown') {
    socket.end();
    console.log('server: end(): shutdown(SHUT_WR) on the socket itself');
  } else if (command === 'helper') {
    helper.send('goodbye');
  } else {
    console.log('server: type close, shutdown or helper');
  }
});

server.listen(PORT, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${PORT}`));
