// Echo client for the close-vs-shutdown experiment.
//
// Every line you type is sent to the server as one message, except two
// commands:
//   close     close the socket in both directions: socket.destroy(),
//             Node's counterpart of close(fd) in C
//   shutdown  close only our sending side: socket.end(),
//             Node's counterpart of shutdown(fd, SHUT_WR) in C
// Ctrl-D (the end of your input) does what "shutdown" does: no more input
// means nothing more to send, but the replies may still be on their way.
//
// Run it:  PORT=4321 node client.js
'use strict';

const net = require('node:net');
const readline = require('node:readline');

const PORT = Number(process.env.PORT || 4321);
const HOST = process.env.HOST || '127.0.0.1';

function log(text) {
  console.log(`client: ${text}`);
}

const socket = net.connect({ port: PORT, host: HOST });
socket.setEncoding('utf8');

let state = 'connecting'; // connecting | open | half-closed | closed
let pending = '';

socket.on('connect', () => {
  state = 'open';
  log(`connected to ${HOST}:${PORT}. Type a message, or "close", or "shutdown".`);
});

socket.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) log(`reply: ${line}`);
});

socket.on('end', () => {
  // read() returned 0 in C terms: the server sent its FIN.
  log('the server ended the connection (FIN received)');
});

socket.on('error', (err) => {
  log(`socket error: ${err.code || err.message}`);
});

socket.on('close', () => {
  log('socket closed');
  if (state === 'half-closed' || state === 'connecting') {
    // Like the C client, leave once the server has finished its side
    // (or when there was never a connection).
    process.exit(0);
  }
});

const input = readline.createInterface({ input: process.stdin });

input.on('line', (line) => {
  const text = line.trim();
  if (state === 'connecting') {
    log('not connected yet; try again in a moment');
  } else if (state === 'closed') {
    log('the socket is closed: nothing can be sent or received any more');
  } else if (text === 'close') {
    state = 'closed';
    socket.destroy();
    log('closed the socket in both directions (destroy)');
  } else if (text === 'shutdown') {
    state = 'half-closed';
    socket.end();
    log('closed our sending side (end): FIN sent, still reading replies');
  } else if (state === 'half-closed') {
    log('our sending side is shut down: that line was not sent');
  } else {
    socket.write(`${text}\n`);
    log(`sent "${text}"`);
  }
});

input.on('close', () => {
  // Standard input ended (Ctrl-D): as the C client does when its read() of
  // standard input returns 0, shut down our sending side and keep reading the
  // replies. A client that already closed its socket has nothing left to do.
  if (state === 'open') {
    state = 'half-closed';
    socket.end();
    log('end of input: closed our sending side (end): FIN sent, still reading replies');
  } else if (state === 'closed' || state === 'connecting') {
    process.exit(0);
  }
});
