// A client that finishes sending with end() and then keeps reading.
//
// Every line you type is sent. Type "end", or press Ctrl-D (end of your input), to call
// socket.end(): Node's shutdown(SHUT_WR). It sends a FIN, "I will send nothing more", and
// the socket stays open for reading, so the server's answer still arrives.
// A line typed after that is not sent: our sending direction is finished for good. (Node
// itself would refuse the write with ERR_STREAM_WRITE_AFTER_END and destroy the socket, and
// the answer would be lost; so we check first.)
//
// Run it:  PORT=4321 node client.js
'use strict';

const net = require('node:net');
const readline = require('node:readline');

const PORT = Number(process.env.PORT || 4321);

const socket = net.connect({ port: PORT, host: '127.0.0.1', allowHalfOpen: true });
socket.setEncoding('utf8');

socket.on('connect', () => console.log('client: connected. Type lines, then "end" (or Ctrl-D).'));
socket.on('data', (text) => {
  for (const line of text.split('\n').filter(Boolean)) console.log(`client: received: ${line}`);
});
socket.on('end', () => {
  console.log('client: end of stream: the server sent its FIN');
  process.exit(0);
});
socket.on('error', (err) => console.log(`client: socket error ${err.code}`));

function finishSending() {
  console.log('client: end(): FIN sent; still reading');
  socket.end();
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (socket.writableEnded) {
    console.log(`client: not sent: our sending side has ended ("${line}")`);
  } else if (line.trim() === 'end') {
    finishSending();
  } else {
    socket.write(`${line}\n`, (err) => {
      if (err) console.log(`client: could not send "${line}": ${err.code}`);
    });
  }
});
// Ctrl-D: no more input, so nothing more to send.
input.on('close', () => {
  if (!socket.writableEnded) finishSending();
});
