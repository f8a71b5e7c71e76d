import '../support/dom';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { loadLab } from '../../plugins/labs/load-labs';
import { labSummary } from '../../plugins/labs/lab-summary';
import { CRunRecorder } from '../../src/components/Lab/linux/c-run-recorder';
import { CLabResults } from '../../src/components/Lab/linux/CLabResults';
import { forgetRevealedScenarios } from '../../src/components/Lab/reveal/revealed-scenarios';
import type { KernelEvent } from '../../src/runtimes/linux/kernel-events';
import { fakeLinux } from '../support/fake-linux';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  window.sessionStorage.clear();
  forgetRevealedScenarios();
});

const recorded = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'kernel-events-echo.json'), 'utf8'),
) as Record<'close' | 'shutdown', KernelEvent[]>;

async function openLab() {
  const lab = await loadLab(path.resolve(__dirname, '../../labs'), 'c-close-vs-shutdown');
  const recorder = new CRunRecorder(lab.scenarios, () => lab.files);
  const fake = fakeLinux();
  const { runtime } = recorder.watch(fake.runtime);
  render(<CLabResults summary={labSummary(lab)} recorder={recorder} loadContent={() => Promise.resolve(lab)} />);
  const start = async (id: 'server' | 'client', files = lab.files) => {
    await runtime.mount(lab.id, files);
    const spec = lab.processes.find((p) => p.id === id)!;
    const proc = await runtime.spawn({ dir: lab.id, file: spec.file, args: [], env: {}, trace: id });
    // The page reads the output, as useLabProcess does.
    void (async () => {
      const reader = proc.output.getReader();
      while (!(await reader.read()).done);
    })();
    return proc;
  };
  return { lab, fake, start };
}

const verdict = () => screen.getByRole('status', { name: 'Your run compared with native Linux' }).textContent ?? '';

describe("a C lab's checks and native reference in the page", () => {
  it('judges the close run as it goes: checks met, then "matches native Linux"', async () => {
    const { lab, fake, start } = await openLab();
    const reference = lab.nativeReferences!.find((r) => r.scenario === 'close')!;
    await waitFor(() => assert.match(verdict(), /Do this scenario’s steps to compare your run with native Linux/));
    const server = await act(() => start('server'));
    await act(async () => fake.procs.get('server')!.print('server: listening\r\n'));
    const client = await act(() => start('client'));
    for (const line of ['data1', 'data2', 'close']) {
      await act(async () => {
        client.writeInput(`${line}\r`);
        fake.procs.get('client')!.echo(`${line}\r\n`);
      });
    }
    await act(async () => fake.procs.get('client')!.print(reference.processes['client']!.lines.join('\r\n') + '\r\n'));
    await waitFor(() => assert.match(verdict(), /Nothing differs from native Linux so far/));
    await act(async () => {
      fake.procs.get('server')!.print(reference.processes['server']!.lines.slice(1).join('\r\n') + '\r\n');
      fake.kernel(recorded.close);
      fake.procs.get('server')!.end({ code: null, signal: 'SIGPIPE' });
      fake.procs.get('client')!.end({ code: 1, signal: null });
    });
    await server.exit;
    await waitFor(() => assert.equal(verdict(), 'Your run matches native Linux.'));
    const checks = screen.getByRole('region', { name: 'Checks' });
    assert.ok(checks.querySelector('[aria-label="The server is killed by SIGPIPE at its second write. Met."]'));
    assert.ok(checks.querySelector('[aria-label^="The client\'s kernel answers \\"Hi, data1\\" with an RST. Met."]'));
    // The shutdown run's checks say what Linux does there: folded until that run (predict first).
    assert.equal(checks.querySelector('[aria-label^="The client prints both replies."]'), null);
    assert.match(checks.textContent ?? '', /3 more checks, folded until your run shows them/);
    assert.match(
      screen.getByRole('status', { name: 'Checks met' }).textContent ?? '',
      /Checks met by this run: 3 of 6/,
    );
    const list = screen.getByRole('list', { name: 'Native Linux, Close run, Server: its lines and its end' });
    assert.match(list.textContent ?? '', /killed by SIGPIPE/);
  });

  it('says where a run differs, and does not compare a run of edited code', async () => {
    const { fake, start } = await openLab();
    await act(() => start('server'));
    const client = await act(() => start('client'));
    for (const line of ['data1', 'data2', 'close']) await act(async () => client.writeInput(`${line}\r`));
    await act(async () => {
      fake.procs.get('server')!.print('server: listening\nserver: received "data1"\nserver: sent "Hi, data1"\n');
      fake.procs.get('server')!.print('server: received "data2"\nserver: write() of "Hi, data2" failed: EPIPE\n');
    });
    await waitFor(() =>
      assert.match(
        verdict(),
        /differs from native Linux\. Server, line 5: native Linux: no more lines; your run: prints "server: write\(\) of \\"Hi, data2\\" failed: EPIPE"/,
      ),
    );

    cleanup();
    const second = await openLab();
    const edited = second.lab.files.map((f) =>
      f.path === 'delayed-echo-server.c' ? { ...f, content: f.content.replace('SIG_DFL', 'SIG_IGN') } : f,
    );
    await act(() => second.start('server', edited));
    await waitFor(() => assert.match(verdict(), /Your run used code you changed, so it is not compared/));
  });

  it('does not compare a run during which the learner set a fault on the wire; a fault the lab arms itself is part of the run', async () => {
    const { fake, start } = await openLab();
    await act(() => start('server'));
    await act(() => fake.runtime.setFault({ lossPercent: 100, delayMs: 0 }));
    await waitFor(() =>
      assert.match(verdict(), /You set a fault on the wire during your run .* so it is not compared/),
    );

    cleanup();
    const second = await openLab();
    await act(() => second.fake.runtime.setFault({ lossPercent: 0, delayMs: 50 })); // before the run, and left on
    await act(() => second.start('server'));
    await waitFor(() => assert.match(verdict(), /You set a fault on the wire/));

    cleanup();
    const third = await openLab();
    const lab = await loadLab(path.resolve(__dirname, '../../labs'), 'c-last-ack');
    const recorder = new CRunRecorder(lab.scenarios, () => lab.files);
    const { runtime } = recorder.watch(third.fake.runtime);
    const spec = lab.processes.find((p) => p.id === 'lost')!;
    assert.deepEqual(spec.aim, { kind: 'last-ack', count: 1 });
    await act(async () => {
      await runtime.spawn({ dir: lab.id, file: spec.file, args: [], env: {}, trace: spec.id, aim: spec.aim! });
    });
    assert.deepEqual(third.fake.runtime.currentFault().aim, spec.aim);
    assert.equal(recorder.getSnapshot().wireChanged, false);
    await act(() => third.fake.runtime.setFault({ lossPercent: 100, delayMs: 0, aim: spec.aim! }));
    assert.equal(recorder.getSnapshot().wireChanged, true);
  });
});
