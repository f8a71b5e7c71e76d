import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { raceTimeout } from '../../src/runtimes/race-timeout';

describe('raceTimeout', () => {
  it("gives the promise's value when it settles first, and clears its timer", async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const onTimeout = mock.fn(() => 'late');
      assert.equal(await raceTimeout(Promise.resolve('value'), 1000, onTimeout), 'value');
      mock.timers.tick(2000);
      assert.equal(onTimeout.mock.callCount(), 0);
      await assert.rejects(raceTimeout(Promise.reject(new Error('broke')), 1000, onTimeout), /broke/);
      await assert.rejects(raceTimeout(Promise.reject('text'), 1000, onTimeout), /text/);
    } finally {
      mock.timers.reset();
    }
  });

  it('gives what onTimeout returns, or rejects with what it throws, once the time is up', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const never = new Promise<string>(() => {});
      const returned = raceTimeout(never, 1000, () => 'timeout' as const);
      const thrown = raceTimeout(never, 500, () => {
        throw new Error('no answer');
      });
      mock.timers.tick(999);
      await assert.rejects(thrown, /no answer/);
      mock.timers.tick(1);
      assert.equal(await returned, 'timeout');
    } finally {
      mock.timers.reset();
    }
  });
});
