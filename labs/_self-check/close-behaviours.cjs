// The close behaviours the Node labs rely on, each tried once on loopback:
//
//   node close-behaviours.cjs <port>
//
// A runtime whose TCP is not the kernel's (WebContainer emulates it in JavaScript) runs this
// when it starts, and the page says whether each result matched what Node gives on Linux.
// It prints one line, MARKER + JSON: [{ "id", "got" }], and exits 0; a check that does not
// settle within its limit reports "no outcome within N ms".
'use strict';

const net = require('node:net');

const MARKER = '#close-self-check#';
const LIMIT_MS = 3000;
const port = Number(process.argv[2]) || 0;

/** A server on loopback that hands its first connection to `onSocket`; resolves with the port. */
function serve(options, onSocket) {
  return new Promise((resolve, reject) => {
    const server = net.createServer(options, (socket) => {
      server.close();
      onSocket(socket);
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

/** Runs `body(settle)` and gives what it settled with, or a timeout note. */
function attempt(body) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`no outcome within ${LIMIT_MS} ms`), LIMIT_MS);
    body((got) => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

const errorName = (err) => (err && err.code) || (err ? String(err.message) : 'no error');

/**
 * The peer destroy()s its socket (a FIN); this side, half-open, writes twice: the first write
 * is accepted (the peer's kernel answers it with an RST), the second fails with EPIPE.
 */
function writeAfterPeerDestroy() {
  return attempt(async (settle) => {
    const listening = await serve({ allowHalfOpen: true }, (socket) => {
      socket.on('error', () => {});
      socket.once('end', () => {
        socket.write('first', (err1) => {
          setTimeout(() => {
            socket.write('second', (err2) => {
              settle(`first write: ${errorName(err1)}; second write: ${errorName(err2)}`);
              socket.destroy();
            });
          }, 200);
        });
      });
    });
    const client = net.connect(listening, '127.0.0.1', () => client.destroy());
    client.on('error', () => {});
  });
}

/** The peer calls resetAndDestroy() (an RST): this side gets 'error' ECONNRESET and no 'end'. */
function resetByPeer() {
  return attempt(async (settle) => {
    const listening = await serve({}, (socket) => socket.resetAndDestroy());
    const client = net.connect(listening, '127.0.0.1');
    let ended = false;
    client.on('end', () => (ended = true));
    client.on('error', (err) => settle(`${ended ? "'end', then " : ''}error ${errorName(err)}`));
    client.on('close', () => settle(ended ? "'end', no error" : 'closed without an error'));
  });
}

/** This side end()s (SHUT_WR); the half-open peer reads the end, then still replies: it arrives. */
function halfClose() {
  return attempt(async (settle) => {
    const listening = await serve({ allowHalfOpen: true }, (socket) => {
      socket.on('error', () => {});
      socket.resume();
      socket.once('end', () => socket.end('reply after end'));
    });
    const client = net.connect(listening, '127.0.0.1', () => client.end('request'));
    let received = '';
    client.on('data', (data) => (received += data));
    client.on('error', (err) => settle(`error ${errorName(err)}`));
    client.on('end', () => settle(received === 'reply after end' ? 'reply received after own end()' : 'no reply'));
  });
}

async function main() {
  const results = [];
  for (const [id, check] of [
    ['write-after-peer-destroy', writeAfterPeerDestroy],
    ['reset-by-peer', resetByPeer],
    ['half-close', halfClose],
  ]) {
    results.push({ id, got: await check() });
  }
  process.stdout.write(`${MARKER}${JSON.stringify(results)}\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stdout.write(`${MARKER}${JSON.stringify({ error: String(err && err.message) })}\n`);
  process.exit(0);
});
