// Delayed echo server for the close-vs-shutdown experiment.
//
// For every newline-terminated message it receives, it "works" for DELAY_MS
// milliseconds and then replies "Hi, <message>". Messages are handled one at
// a time, in order, like the C server that sleeps before each send().
//
// Run it:  PORT=4321 DELAY_MS=5000 node server.js
'use strict';

const net = require('node:net');

const PORT = Number(process.env.PORT || 4321);
const DELAY_MS = Number(process.env.DELAY_MS || 5000);

function log(text) {
  console.log(`server: ${text}`);
}

const server = net.createServer(
  // Keep our sending side open after the client's FIN. Node's default is
  // allowHalfOpen: false; lesson 4 asks you to predict what that would change
  // in this experiment before you try it.
  { allowHalfOpen: true },
  (socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    log(`accepted a connection from ${peer}`);

    let pending = ''; // the start of a message whose newline has not arrived yet
    let work = Promise.resolve(); // replies are produced one after another
    let clientEnded = false;

    socket.setEncoding('utf8');

    socket.on('data', (chunk) => {
      // TCP keeps no message boundaries: one chunk may hold several
      // messages, or part of one. Split on newlines and keep the tail.
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const message of lines) {
        log(`received "${message}"`);
        work = work.then(() => reply(socket, message));
      }
    });

    socket.on('end', () => {
      // The client sent a FIN: read() returned 0. It sends no more data,
      // but it may still be reading, so finish the work first.
      clientEnded = true;
      log('end of stream: the client will send nothing more (FIN received)');
      work = work.then(() => {
        if (socket.destroyed) {
          log('the connection is already gone: nothing left to close');
        } else {
          log('all replies written; closing our side (sending FIN)');
          socket.end();
        }
      });
    });

    socket.on('close', (hadError) => {
      log(`connection with ${peer} closed${hadError ? ' after an error' : ''}`);
      if (!clientEnded) log('(the client never sent a FIN)');
    });

    // There is deliberately no socket.on('error', ...) here: a write that
    // fails emits 'error', and an 'error' event with no listener ends the
    // process with "Error: write EPIPE". That is Node's counterpart of a C
    // server dying of SIGPIPE. Lesson 5 asks you to handle it.
  },
);

function reply(socket, message) {
  return new Promise((resolve) => {
    setTimeout(() => {
      const text = `Hi, ${message}`;
      socket.write(`${text}\n`, (err) => {
        // The callback runs once the bytes are handed to the kernel (like a
        // successful write() in C), or with the error if the write failed.
        // Reporting the error here does not handle it: see the note below.
        if (err) log(`write of "${text}" failed: ${err.code || err.message}`);
        else log(`sent "${text}"`);
        resolve();
      });
    }, DELAY_MS);
  });
}

server.on('error', (err) => {
  log(`cannot listen on port ${PORT}: ${err.code || err.message}`);
  process.exitCode = 1;
});

server.listen(PORT, '127.0.0.1', () => {
  log(`listening on 127.0.0.1:${PORT}, replying after ${DELAY_MS} ms`);
});
