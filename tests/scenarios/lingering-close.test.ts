import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterEach, describe, it } from 'node:test';
import { freePort, runProgram, type RunningProgram } from '../support/lab-harness';

const started: RunningProgram[] = [];
afterEach(() => started.splice(0).forEach((p) => p.kill()));

function run(file: string, env: Record<string, string>): RunningProgram {
  const program = runProgram('lingering-close', file, env);
  started.push(program);
  return program;
}

const outcome = /client: (\w+): received (\d+) of (\d+) bytes \([^)]*\), then (.*)/;

async function ask(how: 'close' | 'linger') {
  const port = String(await freePort());
  const server = run('server.js', { PORT: port });
  await server.waitFor('listening on');
  const client = run('client.js', { PORT: port });
  await client.waitFor('type close or linger');
  client.type(how);
  await client.waitFor(outcome, 10_000);
  const [, , got, total, then] = outcome.exec(client.stdout())!;
  return { got: Number(got), total: Number(total), then: then!, server };
}

describe('lab: the lingering close (lesson 3)', () => {
  it('close(): the client\'s late line draws an RST that throws away most of the reply, and Node reports a plain "end"', async () => {
    const { got, total, then, server } = await ask('close');
    await server.waitFor(/close: the kernel has all \d+ bytes; destroy\(\)/);
    assert.ok(got < total / 2, `received ${got} of ${total}`);
    assert.equal(then, "end of stream ('end')", 'Node 20 reports the RST after a short read as end of stream');
  });

  it("the lingering close: the whole reply arrives, and the server closes only after the client's end of stream", async () => {
    const { got, total, then, server } = await ask('linger');
    assert.equal(got, total);
    assert.equal(then, "end of stream ('end')");
    // The server's last line can come a moment after the client's: wait for it, then check the order.
    await server.waitFor('both directions are done');
    assert.match(
      server.stdout(),
      /linger: end of stream, after 7 more bytes\nserver: linger: both directions are done/,
    );
  });
});

/**
 * Node's destroy() drops what Node itself still holds of a write, and yet sends a plain FIN.
 * A server writes BYTES in one write() and then calls destroy() or end(); a client that only
 * reads prints "received N of BYTES, then end|error CODE".
 */
const destroyAfterWrite = `const net = require('node:net');

const BYTES = 32 * 1024 * 1024;
const ending = process.argv[1];
const server = net.createServer((socket) => {
  socket.write(Buffer.alloc(BYTES, 'x'));
  socket[ending]();
});
server.listen(0, '127.0.0.1', () => {
  let received = 0;
  let outcome = 'nothing';
  const client = net.connect(server.address().port, '127.0.0.1');
  client.on('data', (chunk) => (received += chunk.length));
  client.on('end', () => (outcome = 'end'));
  client.on('error', (err) => (outcome = \`error \${err.code}\`));
  client.on('close', () => {
    console.log(\`received \${received} of \${BYTES}, then \${outcome}\`);
    server.close();
  });
});
`;

describe("Node's destroy() and end() after a big write()", () => {
  async function afterWrite(ending: 'destroy' | 'end') {
    const child = spawn(process.execPath, ['-e', destroyAfterWrite, ending]);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    await new Promise((resolve) => child.on('close', resolve));
    const m = /received (\d+) of (\d+), then (.*)/.exec(out);
    assert.ok(m, out);
    return { got: Number(m[1]), total: Number(m[2]), then: m[3] };
  }

  it("destroy() drops what Node had not yet handed to the kernel, and the peer still sees a clean 'end'", async () => {
    const { got, total, then } = await afterWrite('destroy');
    assert.ok(got < total, `received ${got} of ${total}`);
    assert.equal(then, 'end');
  });

  it('end() sends everything first', async () => {
    const { got, total, then } = await afterWrite('end');
    assert.equal(got, total);
    assert.equal(then, 'end');
  });
});
