import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';

/** Runs a Node script in a child process and returns what it printed. */
async function runScript(source: string, ...args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['-e', source, ...args]);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (out += t));
  await new Promise((resolve) => child.on('close', resolve));
  return out;
}

/**
 * A server sends 100 bytes and then aborts with resetAndDestroy(). The client either reads as
 * data comes ("idle") or is busy for 500 ms, so that the data and the RST wait together
 * ("busy"). It prints the events its socket reported.
 */
const rstAfterData = `const net = require('node:net');
const busy = process.argv[1] === 'busy';
const server = net.createServer((s) => {
  s.on('error', () => {});
  s.write('x'.repeat(100), () => setTimeout(() => s.resetAndDestroy(), 100));
});
server.listen(0, '127.0.0.1', () => {
  const events = [];
  const c = net.connect(server.address().port, '127.0.0.1');
  c.on('connect', () => {
    if (busy) { const until = Date.now() + 500; while (Date.now() < until); }
  });
  c.on('data', (d) => events.push('data ' + d.length));
  c.on('end', () => events.push('end'));
  c.on('error', (e) => events.push('error ' + e.code));
  c.on('close', (hadError) => {
    console.log('events: ' + events.concat('close ' + hadError).join(', '));
    server.close();
  });
});
`;

describe('what a Node peer sees of an RST (lessons 3, 7 and 9)', () => {
  it("a peer that had read everything gets 'error' ECONNRESET and no 'end'", async () => {
    const out = await runScript(rstAfterData, 'idle');
    assert.match(out, /^events: data 100, error ECONNRESET, close true$/m, out);
  });

  it("a peer with the data still waiting gets the data and a plain 'end', with no error", async () => {
    const out = await runScript(rstAfterData, 'busy');
    assert.match(out, /^events: data 100, end, close false$/m, out);
  });
});

/**
 * The lingering close against a peer that half-closed first, as the experiment's client does,
 * and then never reads. The server does end(reply) and waits for the end of stream; it prints
 * how much of the reply the peer program had read when the server's socket closed.
 */
const lingeringAgainstHalfClosedPeer = `const net = require('node:net');
let peerRead = 0;
const server = net.createServer({ allowHalfOpen: true }, (s) => {
  s.resume();
  s.on('end', () => s.end(Buffer.alloc(1000, 'r')));
  s.on('close', () => {
    console.log('server: lingering close done; the peer program had read ' + peerRead + ' bytes');
    setTimeout(() => { c.destroy(); server.close(); }, 100);
  });
});
let c;
server.listen(0, '127.0.0.1', () => {
  c = net.connect({ port: server.address().port, host: '127.0.0.1', allowHalfOpen: true });
  c.on('data', (d) => (peerRead += d.length));
  c.pause();
  c.end('request\\n');
});
`;

describe('the lingering close does not prove the peer read the reply (lessons 3 and 7)', () => {
  it('a peer that half-closed first lets the server finish before it has read a byte', async () => {
    const out = await runScript(lingeringAgainstHalfClosedPeer);
    assert.match(out, /^server: lingering close done; the peer program had read 0 bytes$/m, out);
  });
});
