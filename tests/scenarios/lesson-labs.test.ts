import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, runProgram, type RunningProgram } from '../support/lab-harness';

const started: RunningProgram[] = [];
afterEach(() => started.splice(0).forEach((p) => p.kill()));

function run(labId: string, file: string, env: Record<string, string>): RunningProgram {
  const program = runProgram(labId, file, env);
  started.push(program);
  return program;
}

async function listening(labId: string, port: string): Promise<RunningProgram> {
  const server = run(labId, 'server.js', { PORT: port });
  await server.waitFor('listening on');
  return server;
}

describe('lab: watch a half-close (lesson 1)', () => {
  it("the server answers after the client's end(), and the client still reads it", async () => {
    const port = String(await freePort());
    const server = await listening('watch-half-close', port);
    const client = run('watch-half-close', 'client.js', { PORT: port });
    await client.waitFor('connected');
    client.type('one');
    client.type('two');
    await server.waitFor(/received[\s\S]*received|received 8 bytes/);
    assert.doesNotMatch(client.stdout(), /received/, 'the server says nothing before the end of the stream');
    client.type('end');
    assert.deepEqual(await client.exited(), { code: 0, signal: null });
    assert.match(
      client.stdout(),
      /end\(\): FIN sent; still reading\nclient: received: you sent 2 lines, 8 bytes\nclient: received: bye\nclient: end of stream: the server sent its FIN\n/,
    );
    await server.waitFor('connection closed');
    assert.match(server.stdout(), /end of stream: the client sent its FIN\. Our side is still open\./);
    assert.doesNotMatch(server.stdout(), /error/);
  });
});

describe('lab: watch a half-close, the finished direction (lesson 1)', () => {
  it('a line typed after end is not sent, and the answer still arrives 2 s later', async () => {
    const port = String(await freePort());
    const server = await listening('watch-half-close', port);
    const client = run('watch-half-close', 'client.js', { PORT: port });
    await client.waitFor('connected');
    client.type('one');
    client.type('end');
    await server.waitFor('working on the answer');
    client.type('three');
    assert.deepEqual(await client.exited(), { code: 0, signal: null });
    assert.match(client.stdout(), /not sent: our sending side has ended \("three"\)\n[\s\S]*you sent 1 lines, 4 bytes/);
  });

  it("Ctrl-D (the end of the input) calls end(), as the Q&A post's client calls shutdown(SHUT_WR)", async () => {
    const port = String(await freePort());
    await listening('watch-half-close', port);
    const client = run('watch-half-close', 'client.js', { PORT: port });
    await client.waitFor('connected');
    client.type('one');
    client.child.stdin.end();
    assert.deepEqual(await client.exited(), { code: 0, signal: null });
    assert.match(client.stdout(), /end\(\): FIN sent; still reading\nclient: received: you sent 1 lines, 4 bytes/);
  });
});

describe('lab: two processes, one connection (lesson 2)', () => {
  async function shared() {
    const port = String(await freePort());
    const server = await listening('shared-socket', port);
    const client = run('shared-socket', 'client.js', { PORT: port });
    await server.waitFor('type close, shutdown or helper');
    await server.waitFor('I hold the connection too');
    return { server, client };
  }

  it("destroy() in one holder sends no FIN; the helper's goodbye arrives, then the FIN when it closes", async () => {
    const { server, client } = await shared();
    server.type('close');
    await server.waitFor('our copy is closed');
    await sleep(500);
    assert.doesNotMatch(client.stdout(), /end of stream|closed/, 'no FIN while the helper holds the socket');
    server.type('helper');
    await client.waitFor('connection closed');
    assert.match(client.stdout(), /received: goodbye from the helper\n.*end of stream: a FIN arrived\n/);
    await server.waitFor('the helper exited (code 0)');
    assert.match(server.stdout(), /the helper says: goodbye sent/);
  });

  it("end() sends the FIN at once while the helper still holds the socket; the helper's write() then fails with the kernel's EPIPE", async () => {
    const { server, client } = await shared();
    server.type('shutdown');
    await client.waitFor('end of stream: a FIN arrived', 2000);
    await server.waitFor("the client's FIN arrived; my copy stays open");
    assert.doesNotMatch(server.stdout(), /helper exited|my copy is closed/, 'the helper still holds its copy');
    server.type('helper');
    // A real write() system call refused by the kernel, not an EPIPE Node makes up after 'end'.
    await server.waitFor('my goodbye could not be sent: EPIPE (system call: write)');
    assert.doesNotMatch(client.stdout(), /goodbye/);
  });
});

/** Ports of loopback IPv4 sockets in TIME-WAIT (state 06 in /proc/net/tcp). */
function timeWaitPorts(): number[] {
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[3] === '06')
    .map((cols) => parseInt(cols[1]!.split(':')[1]!, 16));
}

describe('lab: restart a server right after it closed first (lesson 6)', () => {
  it('the server that closed first leaves TIME-WAIT on its port, and a restart listens at once', async () => {
    const port = String(await freePort());
    const first = await listening('restart-after-close', port);
    const client = run('restart-after-close', 'client.js', { PORT: port });
    await client.waitFor('type a name');
    client.type('ada');
    assert.deepEqual(await first.exited(), { code: 0, signal: null });
    assert.match(client.stdout(), /received: hello, ada; this server closes first\nclient: the server closed first/);
    if (existsSync('/proc/net/tcp')) {
      assert.ok(timeWaitPorts().includes(Number(port)), `a TIME-WAIT socket on port ${port}`);
    }
    const second = await listening('restart-after-close', port);
    assert.equal(second.stderr(), '');
    client.type('bob');
    await client.waitFor('hello, bob');
  });

  it('a second listener on a listening port fails with EADDRINUSE and exits with code 1', async () => {
    const port = String(await freePort());
    await listening('restart-after-close', port);
    const second = run('restart-after-close', 'server.js', { PORT: port });
    assert.deepEqual(await second.exited(), { code: 1, signal: null });
    assert.match(second.stderr(), /Error: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+/);
  });
});
