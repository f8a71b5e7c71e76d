import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isCCheckMet, observed, type CRunView } from '../../src/labs/c-run/c-checks';
import { compareCRun } from '../../src/labs/reference/compare-c';
import type { NativeCReference } from '../../src/labs/reference/native-c-reference';
import type { KernelEvent } from '../../src/runtimes/linux/kernel-events';

/** Kernel events the guest sent in the C echo experiment (tests/unit/kernel-view.test.tsx says how). */
const recorded = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'kernel-events-echo.json'), 'utf8'),
) as Record<'close' | 'shutdown', KernelEvent[]>;
const reference = (scenario: string) =>
  JSON.parse(
    readFileSync(path.join(__dirname, '../../labs/c-close-vs-shutdown/reference', `${scenario}.json`), 'utf8'),
  ) as NativeCReference;

const closeRun: CRunView = { processes: reference('close').processes, kernel: recorded.close };
const shutdownRun: CRunView = { processes: reference('shutdown').processes, kernel: recorded.shutdown };

describe("a C lab's checks, on what the guest shows", () => {
  it('see printed lines and how a process ended', () => {
    assert.equal(observed({ proc: 'server', ended: 'killed by SIGPIPE' }, closeRun), true);
    assert.equal(observed({ proc: 'server', ended: 'killed by SIGPIPE' }, shutdownRun), false);
    assert.equal(observed({ proc: 'client', printed: 'Hi, data2' }, shutdownRun), true);
    assert.equal(observed({ proc: 'client', printed: 'Hi, data2' }, closeRun), false);
    assert.equal(observed({ proc: 'nobody', printed: 'client' }, closeRun), false);
  });

  it("see segments by the side that sent them (the SYN's sender is the client) and states by side", () => {
    assert.equal(observed({ segment: 'RST', from: 'client' }, closeRun), true);
    assert.equal(observed({ segment: 'RST', from: 'server' }, closeRun), false);
    assert.equal(observed({ segment: 'RST' }, shutdownRun), false);
    assert.equal(observed({ segment: 'FIN', from: 'server' }, shutdownRun), true);
    assert.equal(observed({ state: 'TIME_WAIT', side: 'client' }, shutdownRun), true);
    assert.equal(observed({ state: 'TIME_WAIT', side: 'server' }, shutdownRun), false);
  });

  it("ignore connections whose SYN the run did not see (an earlier run's)", () => {
    const withoutSyn = recorded.close.filter((e) => !(e.kind === 'segment' && e.flags.syn));
    assert.equal(observed({ segment: 'RST' }, { processes: {}, kernel: withoutSyn }), false);
  });

  it('are met when all of "seen" is, and "absent" is not, once "after" is', () => {
    const noRst = {
      id: 'no-rst',
      text: 'A FIN each way, no RST.',
      seen: [{ segment: 'FIN' as const, from: 'client' as const }],
      absent: { segment: 'RST' as const },
      after: { proc: 'client', ended: 'exited with code 0' },
    };
    assert.equal(isCCheckMet(noRst, shutdownRun), true);
    assert.equal(isCCheckMet(noRst, closeRun), false);
    const running = { ...shutdownRun, processes: { client: { lines: [], end: null } } };
    assert.equal(isCCheckMet(noRst, running), false, 'not yet: the client has not ended');
  });
});

describe("comparing a C lab's run with its native reference as it goes", () => {
  const want = reference('close').processes;
  it('matches a complete run, and says what comes next in an unfinished one', () => {
    assert.deepEqual(compareCRun(want, want), { state: 'matches' });
    const partway = compareCRun(want, { server: { lines: want['server']!.lines.slice(0, 2), end: null } });
    assert.equal(partway.state, 'so-far');
    assert.deepEqual(partway.state === 'so-far' && partway.next[0], {
      stream: 'server',
      text: `prints ${JSON.stringify(want['server']!.lines[2])}`,
    });
  });

  it('names the first line or the end that differs', () => {
    const survived = { ...want, server: { lines: [...want['server']!.lines], end: { code: 1, signal: null } } };
    assert.deepEqual(compareCRun(want, survived), {
      state: 'differs',
      stream: 'server',
      expected: 'killed by SIGPIPE',
      actual: 'exited with code 1',
    });
    const other = { ...want, client: { lines: ['client: connected', 'client: oops'], end: null } };
    assert.deepEqual(compareCRun(want, other), {
      state: 'differs',
      stream: 'client, line 2',
      expected: `prints ${JSON.stringify(want['client']!.lines[1])}`,
      actual: 'prints "client: oops"',
    });
  });
});
