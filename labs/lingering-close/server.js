// A server that answers each connection with one reply of REPLY_BYTES (2 MiB), more than the
// client reads at once, and then ends the connection in the way the client's request names:
//
//   close   as a C server does: write() the reply (the kernel takes all of it), then close()
//           at once. In Node: destroy() once the write's callback says the kernel has every
//           byte. The kernel goes on sending the reply in the background, unless data
//           arrives on the closed socket: then it answers with an RST and throws away what
//           it has not sent yet.
//   linger  the lingering close: end() (shutdown(SHUT_WR): the reply, then a FIN), keep
//           reading until the client's end of stream, and only then close. Node closes the
//           socket by itself once both directions are done.
//
// Run it:  PORT=4321 node server.js
'use strict';

const net = require('node:net');

const PORT = Number(process.env.PORT || 4321);
const REPLY_BYTES = Number(process.env.REPLY_BYTES || 2 * 1024 * 1024);

function log(text) {
  console.log(`server: ${text}`);
}

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('error', (err) => log(`connection error: ${err.code}`));
  socket.once('data', (chunk) => {
    const how = chunk.toString('utf8').split('\n')[0].trim();
    const reply = Buffer.alloc(REPLY_BYTES, 'x');
    if (how === 'close') {
      socket.write(reply, () => {
        log(`close: the kernel has all ${REPLY_BYTES} bytes; destroy(), as close() in C`);
        socket.destroy();
      });
    } else if (how === 'linger') {
      socket.end(reply);
      log('linger: end(): the reply, then a FIN; reading on until the end of stream');
      let more = 0;
      socket.on('data', (data) => (more += data.length));
      socket.on('end', () => log(`linger: end of stream, after ${more} more bytes`));
      socket.on('close', () => log('linger: both directions are done, and Node has closed the socket'));
    } else {
      log(`unknown request "${how}"`);
      socket.destroy();
    }
  });
});

server.listen(PORT, '127.0.0.1', () => log(`listening on 127.0.0.1:${PORT}`));
