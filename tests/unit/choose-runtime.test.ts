import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseRuntime, needsLocal, type LocalState } from '../../src/runtimes/choose-runtime';
import type { LabRuntime } from '../../src/runtimes/runtime';
import type { BootState } from '../../src/runtimes/webcontainer/boot-gate';
import type { WebContainerLike } from '../../src/runtimes/webcontainer/webcontainer-like';

const ready: BootState = { status: 'ready', container: {} as WebContainerLike };
const booting: BootState = { status: 'booting' };
const offline: BootState = { status: 'unavailable', reason: 'stackblitz.com cannot be reached', canTryAnyway: true };
const timedOut: BootState = { status: 'failed', reason: 'did not start within 20 s' };
const localReady: LocalState = { status: 'ready', runtime: {} as LabRuntime };
const localDown: LocalState = { status: 'unavailable', reason: 'no local runner answered' };
const idle: LocalState = { status: 'idle' };

describe('chooseRuntime', () => {
  it('prefers the in-browser runtime when it is ready', () => {
    assert.equal(chooseRuntime(ready, localReady, null).kind, 'webcontainer');
  });

  it('waits for a booting in-browser runtime rather than switching under the learner', () => {
    const choice = chooseRuntime(booting, localReady, null);
    assert.equal(choice.kind, null);
    assert.match(choice.reason, /starting the in-browser runtime/);
  });

  it('keeps this computer running the lab while the browser the learner chose is still starting', () => {
    const choice = chooseRuntime(booting, localReady, 'webcontainer');
    assert.equal(choice.kind, 'local');
    assert.match(
      choice.reason,
      /starting the in-browser runtime you chose; until it is ready, this computer runs the lab/,
    );
    assert.equal(chooseRuntime(ready, localReady, 'webcontainer').kind, 'webcontainer');
  });

  it('falls back to this computer and says why the browser cannot run the code', () => {
    const choice = chooseRuntime(offline, localReady, null);
    assert.equal(choice.kind, 'local');
    assert.match(choice.reason, /in-browser runtime is unavailable: stackblitz.com cannot be reached/);
    assert.equal(chooseRuntime(timedOut, localReady, null).kind, 'local');
  });

  it("follows the learner's choice of this computer even when the browser could run it", () => {
    const choice = chooseRuntime(ready, localReady, 'local');
    assert.equal(choice.kind, 'local');
    assert.match(choice.reason, /you chose this computer/);
  });

  it('uses the browser when the chosen local runner is down', () => {
    const choice = chooseRuntime(ready, localDown, 'local');
    assert.equal(choice.kind, 'webcontainer');
    assert.match(choice.reason, /no local runner answered/);
  });

  it('names both reasons when nothing can run the lab', () => {
    const choice = chooseRuntime(offline, localDown, null);
    assert.equal(choice.kind, null);
    assert.match(choice.reason, /stackblitz.com cannot be reached.*no local runner answered/);
  });

  it('needs the local runner only when the browser cannot run the code or the learner asks', () => {
    assert.equal(needsLocal(ready, null), false);
    assert.equal(needsLocal(booting, null), false);
    assert.equal(needsLocal(offline, null), true);
    assert.equal(needsLocal(ready, 'local'), true);
    assert.equal(chooseRuntime(offline, idle, null).kind, null);
  });
});
