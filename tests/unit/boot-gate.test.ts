import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBootGate, type BootGateDeps, type ProbeResult } from '../../src/runtimes/webcontainer/boot-gate';
import type { WebContainerLike } from '../../src/runtimes/webcontainer/webcontainer-like';

const container = { fake: true } as unknown as WebContainerLike;
const never = <T>() => new Promise<T>(() => {});

function gateWith(overrides: Partial<BootGateDeps>) {
  const calls = { boot: 0, probe: 0 };
  const deps: BootGateDeps = {
    isolationProblem: () => null,
    probe: async (): Promise<ProbeResult> => ({ reachable: true }),
    boot: async () => container,
    probeTimeoutMs: 50,
    bootTimeoutMs: 80,
    ...overrides,
  };
  const gate = createBootGate({
    ...deps,
    boot: () => {
      calls.boot++;
      return deps.boot();
    },
    probe: (ms) => {
      calls.probe++;
      return deps.probe(ms);
    },
  });
  return { gate, calls };
}

describe('WebContainer boot gate', () => {
  it('boots when the page is isolated and the servers answer', async () => {
    const { gate, calls } = gateWith({});
    const seen: string[] = [];
    gate.subscribe((s) => seen.push(s.status));
    const state = await gate.start();
    assert.equal(state.status, 'ready');
    assert.deepEqual(seen, ['checking', 'booting', 'ready']);
    assert.equal(calls.boot, 1);
  });

  it('does not boot a page that is not cross-origin isolated, and cannot be talked into it', async () => {
    const { gate, calls } = gateWith({ isolationProblem: () => 'not isolated' });
    const state = await gate.start();
    assert.deepEqual(state, { status: 'unavailable', reason: 'not isolated', canTryAnyway: false });
    await gate.start({ skipProbe: true });
    assert.equal(calls.boot, 0);
    assert.equal(calls.probe, 0);
  });

  it('says the servers are unreachable without booting, and boots when asked to try anyway', async () => {
    const { gate, calls } = gateWith({ probe: async () => ({ reachable: false, reason: 'offline' }) });
    assert.deepEqual(await gate.start(), { status: 'unavailable', reason: 'offline', canTryAnyway: true });
    assert.equal(calls.boot, 0);
    assert.equal((await gate.start()).status, 'unavailable', 'a plain retry does not boot');
    assert.equal((await gate.start({ skipProbe: true })).status, 'ready');
    assert.equal(calls.boot, 1);
  });

  it('puts its own time limit on a boot that never settles, and never boots twice', async (t) => {
    // The gate's clock is mocked: only its own timer, advanced past bootTimeoutMs, can end the wait.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { gate, calls } = gateWith({ boot: never });
    let settled = false;
    const starting = gate.start().finally(() => (settled = true));
    for (let i = 0; i < 20 && !settled; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      t.mock.timers.tick(80);
    }
    await new Promise((resolve) => setImmediate(resolve));
    t.mock.timers.reset();
    assert.ok(settled, "the gate's own timer ended the wait");
    const state = await starting;
    assert.equal(state.status, 'failed');
    assert.match((state as { reason: string }).reason, /did not start within/);
    await gate.start();
    await gate.start({ skipProbe: true });
    assert.equal(calls.boot, 1, 'a second boot() would wait on the stuck one forever');
  });

  it('takes a boot that finishes after the time limit', async () => {
    let finish!: (c: WebContainerLike) => void;
    const { gate } = gateWith({ boot: () => new Promise((resolve) => (finish = resolve)) });
    assert.equal((await gate.start()).status, 'failed');
    finish(container);
    await new Promise((r) => setImmediate(r));
    assert.equal(gate.state.status, 'ready');
  });

  it('reports a boot that fails', async () => {
    const { gate } = gateWith({ boot: async () => Promise.reject(new Error('no SharedArrayBuffer')) });
    const state = await gate.start();
    assert.equal(state.status, 'failed');
    assert.match((state as { reason: string }).reason, /no SharedArrayBuffer/);
  });

  it('shares one start between callers that ask at the same time', async () => {
    const { gate, calls } = gateWith({});
    const [a, b] = await Promise.all([gate.start(), gate.start()]);
    assert.equal(a, b);
    assert.equal(calls.boot, 1);
    assert.equal(calls.probe, 1);
  });
});
