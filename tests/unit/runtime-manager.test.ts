import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabRuntime } from '../../src/runtimes/runtime';
import { RuntimeManager } from '../../src/runtimes/runtime-manager';
import { createBootGate } from '../../src/runtimes/webcontainer/boot-gate';
import { FakeWebContainer } from '../support/fake-webcontainer';

const fakeLocal = { kind: 'local', description: 'Node on this computer' } as unknown as LabRuntime;
const settle = () => new Promise((r) => setTimeout(r, 20));

function managerWith(options: { reachable: boolean; localOk: boolean; bootNever?: boolean }) {
  let localCalls = 0;
  let disconnect: (reason: string) => void = () => {};
  const manager = new RuntimeManager({
    gate: createBootGate({
      isolationProblem: () => null,
      probe: async () => (options.reachable ? { reachable: true } : { reachable: false, reason: 'offline' }),
      boot: () => (options.bootNever ? new Promise(() => {}) : Promise.resolve(new FakeWebContainer())),
      probeTimeoutMs: 30,
      bootTimeoutMs: 60,
    }),
    connectLocal: async (onDisconnect) => {
      localCalls++;
      disconnect = onDisconnect;
      if (!options.localOk) throw new Error('no local runner answered at http://127.0.0.1:3100');
      return fakeLocal;
    },
  });
  return { manager, localCalls: () => localCalls, disconnect: (r: string) => disconnect(r) };
}

describe('RuntimeManager', () => {
  it('runs labs in the browser when it can, without touching the local runner', async () => {
    const { manager, localCalls } = managerWith({ reachable: true, localOk: true });
    manager.start();
    await settle();
    const snap = manager.getSnapshot();
    assert.equal(snap.choice.kind, 'webcontainer');
    assert.equal(snap.runtime?.kind, 'webcontainer');
    assert.equal(localCalls(), 0);
  });

  it('falls back to the local runner when the servers are unreachable, with the reason', async () => {
    const { manager } = managerWith({ reachable: false, localOk: true });
    const notified: string[] = [];
    manager.subscribe(() => notified.push(manager.getSnapshot().choice.reason));
    manager.start();
    await settle();
    const snap = manager.getSnapshot();
    assert.equal(snap.runtime, fakeLocal);
    assert.match(snap.choice.reason, /in-browser runtime is unavailable: offline/);
    assert.ok(notified.length >= 2);
  });

  it('falls back when the boot times out', async () => {
    const { manager } = managerWith({ reachable: true, localOk: true, bootNever: true });
    manager.start();
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(manager.getSnapshot().runtime, fakeLocal);
    assert.match(manager.getSnapshot().choice.reason, /did not start within/);
  });

  it('says when neither runtime can run, and retries the local runner on request', async () => {
    const options = { reachable: false, localOk: false };
    const { manager, localCalls } = managerWith(options);
    manager.start();
    await settle();
    assert.equal(manager.getSnapshot().runtime, null);
    assert.match(manager.getSnapshot().choice.reason, /offline.*no local runner answered/);
    options.localOk = true;
    manager.retryLocal();
    await settle();
    assert.equal(localCalls(), 2);
    assert.equal(manager.getSnapshot().runtime, fakeLocal);
  });

  it('notices when the local runner goes away', async () => {
    const { manager, disconnect } = managerWith({ reachable: false, localOk: true });
    manager.start();
    await settle();
    disconnect('the connection to the local runner closed');
    assert.equal(manager.getSnapshot().runtime, null);
    assert.match(manager.getSnapshot().choice.reason, /connection to the local runner closed/);
  });

  it("honours the learner's choice of this computer", async () => {
    const { manager, localCalls } = managerWith({ reachable: true, localOk: true });
    manager.start();
    await settle();
    manager.prefer('local');
    await settle();
    assert.equal(localCalls(), 1);
    assert.equal(manager.getSnapshot().runtime, fakeLocal);
    manager.prefer(null);
    assert.equal(manager.getSnapshot().runtime?.kind, 'webcontainer');
  });
});
