// Asks the server for a big reply and counts how much of it arrives. Type one of:
//   close   the server ends the connection with close()
//   linger  the server ends the connection with a lingering close
// Each command opens a new connection and sends the command as its request. The client then
// waits 300 ms without reading (a slow client, or one busy with something else), sends one
// more line, "thanks", and reads the reply to its end. When the server's end of stream
// arrives, it ends its own side too.
// Ctrl-D ends this client once its connections are done.
//
// Run it:  PORT=4321 node client.js
'use strict';

const net = require('node:net');
const readline = require('node:readline');

const PORT = Number(process.env.PORT || 4321);
const REPLY_BYTES = Number(process.env.REPLY_BYTES || 2 * 1024 * 1024);
const commands = ['close', 'linger'];
let open = 0;
let inputEnded = false;

function ask(how) {
  open += 1;
  let received = 0;
  let outcome = 'no end of stream';
  // onread: Node reads into this one buffer and calls us for each chunk, instead of emitting
  // 'data'; pause() then stops reading from the kernel at once.
  const socket = net.connect({
    port: PORT,
    host: '127.0.0.1',
    allowHalfOpen: true,
    onread: { buffer: Buffer.alloc(64 * 1024), callback: (nread) => (received += nread) },
  });
  socket.on('connect', () => {
    socket.write(`${how}\n`);
    socket.pause();
    setTimeout(() => {
      socket.write('thanks\n');
      socket.resume();
    }, 300);
  });
  socket.on('end', () => {
    outcome = "end of stream ('end')";
    socket.end(); // the server has finished: so have we
  });
  socket.on('error', (err) => (outcome = `error ${err.code}`));
  socket.on('close', () => {
    const whole = received === REPLY_BYTES ? 'the whole reply' : 'NOT the whole reply';
    console.log(`client: ${how}: received ${received} of ${REPLY_BYTES} bytes (${whole}), then ${outcome}`);
    open -= 1;
    if (inputEnded && open === 0) process.exit(0);
  });
}

console.log(`client: type ${commands.join(' or ')}`);
const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  const how = line.trim();
  if (commands.includes(how)) ask(how);
  else console.log(`client: type ${commands.join(' or ')}`);
});
input.on('close', () => {
  inputEnded = true;
  if (open === 0) process.exit(0);
});
