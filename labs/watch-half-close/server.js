// A server that answers only once the client has finished sending.
//
// It counts the lines it receives and says nothing until the end of the stream (the
// client's FIN). Then it works on its answer for WORK_MS (2 s), sends a summary on the same
// connection, and ends its own side.
// This only works because a TCP connection is two streams: the client's FIN ends the
// client-to-server stream, and the server-to-client stream stays open.
//
// Run it:  PORT=4321 node server.js
'use strict';

const net = require('node:net');

const PORT = Number(process.env.PORT || 4321);
const WORK_MS = Number(process.env.WORK_MS || 2000);

// allowHalfOpen: after the client's FIN, Node would otherwise end our side too, at once,
// and the answer we write 2 s later would fail.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  let lines = 0;
  let bytes = 0;
  console.log('server: a client connected; waiting for it to finish sending');
  socket.on('data', (chunk) => {
    bytes += chunk.length;
    lines += chunk.toString().split('\n').length - 1;
    console.log(`server: received ${chunk.length} bytes (not answering yet)`);
  });
  socket.on('end', () => {
    console.log('server: end of stream: the client sent its FIN. Our side is still open.');
    console.log(`server: working on the answer for ${WORK_MS / 1000} s`);
    setTimeout(() => {
      socket.write(`you sent ${lines} lines, ${bytes} bytes\n`);
      socket.end('bye\n');
      console.log('server: sent the summary, then our own FIN');
    }, WORK_MS);
  });
  socket.on('error', (err) => console.log(`server: socket error ${err.code}`));
  socket.on('close', () => console.log('server: connection closed'));
});

server.listen(PORT, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${PORT}`));
