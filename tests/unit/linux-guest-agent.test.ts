import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GuestAgent } from '../../src/runtimes/linux/guest-agent';

/** A serial port 0 that records what the page sends and lets the test play the agent's lines. */
function fakeMachine() {
  const sent: string[] = [];
  let listener: ((byte: number) => void) | null = null;
  return {
    sent,
    machine: {
      onOutput: (_port: number, l: (byte: number) => void) => {
        listener = l;
        return () => (listener = null);
      },
      send: (_port: number, bytes: Uint8Array) => sent.push(new TextDecoder().decode(bytes)),
    },
    agentSays: (line: string) => {
      for (const b of new TextEncoder().encode(`${line}\n`)) listener?.(b);
    },
  };
}

describe('the page side of the guest agent', () => {
  it('matches answers by request number and exits by pid, even an exit that arrives before "@spawned"', async () => {
    const fake = fakeMachine();
    const agent = new GuestAgent(fake.machine);
    const spawning = agent.spawn(2, '/root/lab', ['./server']);
    assert.match(fake.sent[0]!, /^spawn 1 2 \/root\/lab 2e2f736572766572\n$/);
    fake.agentSays('[  3.1] a kernel message in between');
    fake.agentSays('@exit 41 signal 13');
    fake.agentSays('@spawned 1 41');
    const proc = await spawning;
    assert.equal(proc.pid, 41);
    assert.deepEqual(await proc.exit, { code: null, signal: 13 });
    assert.deepEqual(agent.otherLines, ['[  3.1] a kernel message in between']);
  });

  it('fails a request the agent refused, and every pending one when the agent restarts', async () => {
    const fake = fakeMachine();
    const agent = new GuestAgent(fake.machine);
    const refused = agent.writeFile('/root/x', 'x');
    fake.agentSays('@err 1 open /root/x: No space left on device');
    await assert.rejects(refused, /No space left on device/);
    const pending = agent.hello();
    fake.agentSays('@ready');
    await assert.rejects(pending, /the guest agent restarted/);
  });
});
