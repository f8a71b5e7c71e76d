import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { freePort, runProgram, type RunningProgram } from '../support/lab-harness';

const started: RunningProgram[] = [];
afterEach(() => started.splice(0).forEach((p) => p.kill()));

async function server(labId: string, env: Record<string, string> = {}) {
  const port = String(await freePort());
  const program = runProgram(labId, 'server.js', { PORT: port, ...env });
  started.push(program);
  await program.waitFor('listening on');
  return { port, program };
}

describe('lab: end(), destroy() and resetAndDestroy() seen from the peer', () => {
  it('end() and destroy() arrive as a FIN; resetAndDestroy() as ECONNRESET, with no end of stream', async () => {
    const { port, program } = await server('end-destroy-reset');
    const client = runProgram('end-destroy-reset', 'client.js', { PORT: port });
    started.push(client);
    await client.waitFor('type end, destroy or reset');
    for (const [index, way] of ['end', 'destroy', 'reset'].entries()) {
      client.type(way);
      await program.waitFor(`connection ${index + 1}: 'close'`);
    }
    const out = program.stdout();
    assert.match(out, /connection 1: 'end': the client sent a FIN[\s\S]*connection 1: 'close'\n/);
    assert.match(out, /connection 2: 'end': the client sent a FIN[\s\S]*connection 2: 'close'\n/);
    assert.match(out, /connection 3: 'error': ECONNRESET\n[\s\S]*connection 3: 'close' after an error\n/);
    assert.doesNotMatch(out, /connection 3: 'end'/);
    assert.match(client.stdout(), /client: resetAndDestroy\(\)/);
  });
});

describe('lab: give up waiting', () => {
  it("the client's socket times out after TIMEOUT_MS of silence, and the client ends it", async () => {
    const { port, program } = await server('give-up-waiting');
    const client = runProgram('give-up-waiting', 'client.js', { PORT: port, TIMEOUT_MS: '300' });
    started.push(client);
    const began = Date.now();
    assert.deepEqual(await client.exited(5000), { code: 0, signal: null });
    const waited = Date.now() - began;
    assert.ok(waited >= 300, `gave up after ${waited} ms`);
    assert.match(client.stdout(), /no answer for 300 ms: giving up\nclient: socket closed\n/);
    // The server allows half-open connections and never answers, so it never closes its side.
    await program.waitFor('the client ended its side');
    assert.match(program.stdout(), /received "request\\n"[\s\S]*the client ended its side/);
  });

  it('setTimeout() alone does not close the socket: without destroy() the client waits on after one timeout', async () => {
    const { labCopyWith, runFileIn } = await import('../support/lab-harness');
    const copy = await labCopyWith('give-up-waiting', {
      'client.js': (src) => src.replace('  socket.destroy();\n', ''),
    });
    try {
      const { port } = await server('give-up-waiting');
      const client = runFileIn(copy.dir, 'client.js', { PORT: port, TIMEOUT_MS: '150' });
      started.push(client);
      await client.waitFor('no answer for 150 ms: giving up');
      await new Promise((r) => setTimeout(r, 1000));
      // One 'timeout' per idle period: with no activity since, there is no second one.
      assert.equal(client.stdout().match(/giving up/g)?.length, 1);
      assert.doesNotMatch(client.stdout(), /socket closed/);
      assert.equal(client.child.exitCode, null, 'still waiting');
    } finally {
      await copy.remove();
    }
  });
});

describe('lab: keep the server alive when a client closes early', () => {
  it('the solution reports the failed write and keeps serving the next client', async () => {
    const path = await import('node:path');
    const { experimentClient, labsDir, runFileIn } = await import('../support/lab-harness');
    const port = String(await freePort());
    const server = runFileIn(path.join(labsDir, 'survive-early-close', 'solution'), 'server.js', {
      PORT: port,
      DELAY_MS: '150',
    });
    started.push(server);
    await server.waitFor('listening on');
    for (const round of [1, 2]) {
      const client = await experimentClient(port, 'close', started);
      await server.waitFor(new RegExp(`(the connection failed: EPIPE \\(write\\)[\\s\\S]*){${round}}`), 5000);
      client.kill();
    }
    assert.equal(server.child.exitCode, null, 'still serving after two clients closed early');
    assert.equal(server.stderr(), '');
  });
});
