import '../support/dom';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { loadLab } from '../../plugins/labs/load-labs';
import { labSummary } from '../../plugins/labs/lab-summary';
import { CRunRecorder } from '../../src/components/Lab/linux/c-run-recorder';
import { forgetRevealedScenarios } from '../../src/components/Lab/reveal/revealed-scenarios';
import WirePredictions, { WireGrades, WirePredictionStore } from '../../src/components/WirePrediction';
import { parseAnswer } from '../../src/components/WirePrediction/wire-store';
import type { ExitStatus, RunningProcess } from '../../src/runtimes/runtime';
import { fakeLinux } from '../support/fake-linux';
import type { RecordedWireRun } from '../support/record-wire-events';

/**
 * Predict the wire in the page: the builder (by buttons and selects, focus kept where the learner
 * works), the answer kept in this browser, locked in when the run reaches the window, and graded in
 * the packet view on the kernel events the run recorded (here, events recorded from the guest,
 * played into the lab's recorder through a stand-in runtime).
 */
afterEach(() => {
  cleanup();
  window.localStorage.clear();
  forgetRevealedScenarios();
});

const recorded = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'wire-events.json'), 'utf8'),
) as RecordedWireRun[];
const recording = (scenario: string, edited = false) =>
  recorded.find((r) => r.lab === 'c-close-vs-shutdown' && r.scenario === scenario && r.edited === edited)!;

async function openLab() {
  const lab = await loadLab(path.resolve(__dirname, '../../labs'), 'c-close-vs-shutdown');
  const summary = labSummary(lab);
  const recorder = new CRunRecorder(lab.scenarios, () => lab.files);
  const fake = fakeLinux();
  const { runtime } = recorder.watch(fake.runtime);
  const store = new WirePredictionStore(summary, { quietMs: 30, maxWaitMs: 500 });
  const detach = store.attach(recorder);
  render(
    <>
      <WirePredictions store={store} summary={summary} />
      <WireGrades store={store} summary={summary} />
    </>,
  );
  const start = async (id: 'server' | 'client', files = lab.files) => {
    await runtime.mount(lab.id, files);
    const spec = lab.processes.find((p) => p.id === id)!;
    const proc = await runtime.spawn({ dir: lab.id, file: spec.file, args: [], env: {}, trace: id });
    void (async () => {
      const reader = proc.output.getReader();
      while (!(await reader.read()).done);
    })();
    return proc;
  };
  /** Plays a recorded run: its steps, with the kernel events each step was followed by. */
  const play = async (run: RecordedWireRun, files = lab.files) => {
    let client: RunningProcess | null = null;
    for (const [i, step] of run.steps.entries()) {
      const events = run.kernel.slice(run.kernelAt[i], run.kernelAt[i + 1] ?? run.kernel.length);
      if (typeof step === 'string') await act(async () => client!.writeInput(`${step}\r`));
      else {
        const proc = await act(() => start(step.start as 'server' | 'client', files));
        if (step.start === 'client') client = proc;
      }
      // Events of the last step come once the programs did it.
      if (i < run.steps.length - 1) await act(async () => fake.kernel(events));
    }
    return {
      finish: async (status: ExitStatus = { code: null, signal: 'SIGPIPE' }) => {
        await act(async () => {
          fake.kernel(run.kernel.slice(run.kernelAt[run.steps.length - 1]));
          fake.procs.get('server')!.end(status);
          fake.procs.get('client')!.end({ code: 1, signal: null });
        });
      },
    };
  };
  return { lab, store, fake, play, detach };
}

const builder = (title: string) => screen.getByRole('region', { name: title });
const addSegment = (region: HTMLElement, from: 'client' | 'server', kind: string) => {
  const group = within(region).getByRole('group', { name: /^Add a segment/ });
  fireEvent.change(within(group).getByRole('combobox', { name: 'From' }), { target: { value: from } });
  fireEvent.change(within(group).getByRole('combobox', { name: 'Segment' }), { target: { value: kind } });
  fireEvent.click(within(group).getByRole('button', { name: 'Add segment' }));
};
const items = (region: HTMLElement) =>
  within(region)
    .getAllByRole('listitem')
    .map((li) => li.querySelector('span')?.textContent);

describe('predict the wire: the builder', () => {
  it('adds, moves and removes segments with buttons, keeping focus where the learner works, and keeps the answer', async () => {
    const { lab } = await openLab();
    const close = builder('Close run');
    assert.match(close.textContent ?? '', /After you type close in the client terminal: which segments/);
    addSegment(close, 'client', 'FIN');
    addSegment(close, 'client', 'RST');
    addSegment(close, 'server', 'data');
    assert.deepEqual(items(close), ['client → server: FIN', 'client → server: RST', 'server → client: data']);
    assert.match(within(close).getByRole('status').textContent ?? '', /Added 3\. server → client: data/);

    fireEvent.click(within(close).getByRole('button', { name: 'Move 3. server → client: data up' }));
    assert.deepEqual(items(close), ['client → server: FIN', 'server → client: data', 'client → server: RST']);
    assert.equal(document.activeElement?.getAttribute('aria-label'), 'Move 2. server → client: data up');
    fireEvent.click(document.activeElement!);
    assert.equal(
      document.activeElement?.getAttribute('aria-label'),
      'Move 1. server → client: data down',
      'at the top, focus moves to the button that still works',
    );
    fireEvent.click(document.activeElement!);
    assert.deepEqual(items(close), ['client → server: FIN', 'server → client: data', 'client → server: RST']);

    fireEvent.click(within(close).getByRole('button', { name: 'Remove 1. client → server: FIN' }));
    assert.equal(document.activeElement?.getAttribute('aria-label'), 'Remove 1. server → client: data');
    fireEvent.change(within(close).getByRole('combobox', { name: "client's socket ends in" }), {
      target: { value: 'TIME_WAIT' },
    });

    // Kept in this browser, with the learner's other answers; a new page reads it back.
    const kept = window.localStorage.getItem('tcp-course:answer:wire:c-close-vs-shutdown:close:1');
    assert.ok(kept);
    assert.deepEqual(parseAnswer(kept), {
      segments: [
        { from: 'server', kind: 'data' },
        { from: 'client', kind: 'RST' },
      ],
      ends: { client: 'TIME_WAIT' },
    });
    const again = new WirePredictionStore(labSummary(lab));
    assert.deepEqual(again.getSnapshot()[0]!.answer, parseAnswer(kept));
    assert.deepEqual(again.getSnapshot()[1]!.answer.segments, [], 'the shutdown run has its own');
    assert.deepEqual(parseAnswer('{"segments":[{"from":"x","kind":"FIN"}],"ends":{"client":"NOPE"}}'), {
      segments: [],
      ends: {},
    });
  });

  it('folds what happens until the run; the learner may unfold it, and is told that gives it away', async () => {
    await openLab();
    const close = builder('Close run');
    assert.doesNotMatch(close.textContent ?? '', /answers it with an RST/);
    fireEvent.click(within(close).getByRole('button', { name: 'Show what happens (gives the answer away)' }));
    assert.match(close.textContent ?? '', /the client's kernel answers it with an RST/);
    assert.doesNotMatch(builder('Shutdown run').textContent ?? '', /stays in TIME-WAIT/);
  });
});

describe('predict the wire: locked in by the run, graded by its kernel events', () => {
  it('a right prediction of the close run: locked when "close" is typed, graded right when the run ends', async () => {
    const { play } = await openLab();
    const close = builder('Close run');
    addSegment(close, 'client', 'FIN');
    addSegment(close, 'server', 'data');
    addSegment(close, 'client', 'RST');
    for (const side of ['client', 'server']) {
      fireEvent.change(within(close).getByRole('combobox', { name: `${side}'s socket ends in` }), {
        target: { value: 'CLOSED' },
      });
    }
    const run = await play(recording('close'));
    await waitFor(() => assert.match(within(close).getByRole('status').textContent ?? '', /^Locked in for this run/));
    assert.equal(within(close).queryByRole('button', { name: 'Add segment' }), null, 'no change once locked in');
    assert.equal(
      (within(close).getByRole('combobox', { name: "client's socket ends in" }) as HTMLSelectElement).disabled,
      true,
    );
    assert.match(document.body.textContent ?? '', /Your prediction for the Close run is locked in: it is graded here/);
    assert.equal(screen.getByRole('status', { name: 'Predict the wire' }).textContent, '', 'the builder says it');
    await run.finish();
    await waitFor(() =>
      assert.match(
        screen.getByRole('status', { name: 'Predict the wire' }).textContent ?? '',
        /Close run, run 1: Your prediction is right/,
      ),
    );
    const graded = screen.getByRole('region', { name: 'Your prediction, graded by the kernel: Close run' });
    const you = within(graded).getByRole('list', { name: 'You predicted' });
    assert.deepEqual(
      within(you)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.trim()),
      [
        '✓ client → server: FIN: seen, in this order (1. sent)',
        '✓ server → client: data: seen, in this order (3. sent)',
        '✓ client → server: RST: seen, in this order (4. sent)',
      ],
    );
    const sent = within(graded).getByRole('list', { name: 'What the kernel sent' });
    assert.match(sent.textContent ?? '', /server → client: ACK only: an ACK only: listing it was optional/);
    assert.match(sent.textContent ?? '', /server → client: data \(10 bytes\): you predicted it/);
    assert.match(
      within(graded).getByRole('list', { name: 'How the sockets ended' }).textContent ?? '',
      /client: ended CLOSED; you said CLOSED: right/,
    );
    // The builder can be changed again, for the next run.
    assert.ok(within(close).getByRole('button', { name: 'Add segment' }));
    assert.match(close.textContent ?? '', /Graded on run 1: right/);
  });

  it("a wrong prediction, and an edited program graded on what it sent (lesson 4's client with shutdown for close)", async () => {
    const { lab, play } = await openLab();
    const close = builder('Close run');
    addSegment(close, 'client', 'FIN');
    addSegment(close, 'server', 'data');
    addSegment(close, 'client', 'RST');
    fireEvent.change(within(close).getByRole('combobox', { name: "client's socket ends in" }), {
      target: { value: 'CLOSED' },
    });
    const edited = lab.files.map((f) =>
      f.path === 'echo-client.c'
        ? { ...f, content: f.content.replace('if (close(sock) < 0)', 'if (shutdown(sock, SHUT_WR) < 0)') }
        : f,
    );
    const run = await play(recording('close', true), edited);
    await run.finish({ code: 0, signal: null });
    const status = screen.getByRole('status', { name: 'Predict the wire' });
    await waitFor(() => assert.match(status.textContent ?? '', /Your prediction differs from what the kernel did/));
    assert.match(
      status.textContent ?? '',
      /2 of 3 predicted segments seen in order, 1 never sent; 2 segments with data, FIN or RST not in your prediction; client ended TIME-WAIT, not CLOSED; server's end state not chosen \(it was CLOSED\)/,
    );
    const graded = screen.getByRole('region', { name: 'Your prediction, graded by the kernel: Close run' });
    assert.match(graded.textContent ?? '', /Your run used your edited code/);
    assert.match(
      within(graded).getByRole('list', { name: 'You predicted' }).textContent ?? '',
      /client → server: RST: never sent/,
    );
    assert.match(
      within(graded).getByRole('list', { name: 'What the kernel sent' }).textContent ?? '',
      /server → client: FIN: not in your prediction/,
    );
    // The shutdown run's prediction was not locked by a close run.
    assert.equal(screen.queryByRole('region', { name: /graded by the kernel: Shutdown run/ }), null);
  });

  it('a run given up before its end is not graded, and the next run locks the prediction again', async () => {
    const { play, fake } = await openLab();
    const close = builder('Close run');
    addSegment(close, 'client', 'FIN');
    const first = recording('close');
    await play(first);
    await waitFor(() => assert.match(within(close).getByRole('status').textContent ?? '', /^Locked in/));
    // Everything stops before the server's end was seen... and the learner starts again.
    await act(async () => {
      fake.procs.get('client')!.end({ code: null, signal: 'SIGKILL' });
      fake.procs.get('server')!.end({ code: null, signal: 'SIGKILL' });
    });
    const second = await play(first);
    await waitFor(() => assert.match(within(close).getByRole('status').textContent ?? '', /^Locked in/));
    await second.finish();
    await waitFor(() =>
      assert.match(screen.getByRole('status', { name: 'Predict the wire' }).textContent ?? '', /Close run, run 2:/),
    );
  });
});
