import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ReferencePanel } from '../../src/components/Lab/reference/ReferencePanel';
import { forgetRevealedScenarios } from '../../src/components/Lab/reveal/revealed-scenarios';
import type { LabRunRecord } from '../../src/labs/reference/run-verdict';
import type { LabRuntime } from '../../src/runtimes/runtime';
import { closeVsShutdown, closeVsShutdownReference } from '../support/close-vs-shutdown-lab';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  forgetRevealedScenarios();
});

const summary = closeVsShutdown;
const reference = closeVsShutdownReference;
const references = [reference('close'), reference('shutdown')];
const closeSteps = [{ start: 'server' }, { start: 'client' }, 'data1', 'data2', 'close'];
const runtime = (kind: LabRuntime['kind'], tracesSockets = true) =>
  ({ kind, tracesSockets, tcp: kind === 'webcontainer' ? 'emulated' : 'kernel' }) as LabRuntime;
const verdict = () => screen.getByRole('status', { name: 'Your run compared with real Linux' }).textContent ?? '';
const show = (run: LabRunRecord, on: LabRuntime = runtime('local')) =>
  render(<ReferencePanel summary={summary} references={references} run={run} runtime={on} />);

describe('the real-Linux reference beside the learner’s run', () => {
  it('keeps what real Linux does folded until asked, then lists it in words, and asks for a run', () => {
    show({ events: [], steps: [], edited: false });
    assert.match(verdict(), /Do this scenario’s steps/);
    assert.equal(screen.queryByRole('list', { name: 'Real Linux, Close run, oldest first' }), null);
    assert.doesNotMatch(document.body.textContent ?? '', /EPIPE/, 'no outcome before the learner predicts');
    fireEvent.click(screen.getByRole('button', { name: 'Show what real Linux does: Close run' }));
    const list = screen.getByRole('list', { name: 'Real Linux, Close run, oldest first' });
    assert.match(list.textContent ?? '', /Server: write "Hi, data2" → EPIPE/);
    // Asked once, it stays shown in this browser; the other scenario stays folded.
    cleanup();
    show({ events: [], steps: [], edited: false });
    assert.ok(screen.getByRole('list', { name: 'Real Linux, Close run, oldest first' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Scenario' }), { target: { value: 'shutdown' } });
    assert.equal(screen.queryByRole('list', { name: 'Real Linux, Shutdown run, oldest first' }), null);
  });

  it('follows the scenario the learner is doing, says the next step, and unfolds once its steps are done', () => {
    const partway = [{ start: 'server' }, { start: 'client' }, 'data1', 'data2'] as const;
    const view = show({ events: [], steps: [...partway], edited: false });
    assert.match(verdict(), /follows this scenario so far\. Next: type “close”/);
    assert.equal(screen.queryByRole('list', { name: /^Real Linux, Close run/ }), null);
    view.rerender(
      <ReferencePanel
        summary={summary}
        references={references}
        run={{ events: [], steps: closeSteps, edited: false }}
        runtime={runtime('local')}
      />,
    );
    assert.ok(screen.getByRole('list', { name: 'Real Linux, Close run, oldest first' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Scenario' }), { target: { value: 'shutdown' } });
    assert.match(verdict(), /other steps than this scenario/);
  });

  it('a run of the unchanged code that matches says so', () => {
    show({ events: reference('close').events, steps: closeSteps, edited: false });
    assert.equal(verdict(), 'Your run matches real Linux.');
  });

  it('a run that differs on the in-browser runtime says so plainly, and what real Linux does', () => {
    const events = reference('close').events.map((e) => (e.result === 'EPIPE' ? { ...e, result: 'ok' } : e));
    show({ events, steps: closeSteps, edited: false }, runtime('webcontainer'));
    assert.match(
      verdict(),
      /^Your run of the unchanged code differs from real Linux\. Server, socket 1, sent: real Linux: write "Hi, data2" → EPIPE; your run: write "Hi, data2" → ok\. The in-browser runtime emulates TCP/,
    );
  });

  it('does not judge runs of changed code, or runs it cannot see', () => {
    show({ events: reference('close').events, steps: closeSteps, edited: true });
    assert.match(verdict(), /used code you changed, so it is not compared/);
    cleanup();
    show({ events: [], steps: closeSteps, edited: false }, runtime('webcontainer', false));
    assert.match(verdict(), /records no socket events, so your run cannot be compared/);
  });
  it('does not point at a reference that is still folded, and moves focus to it once shown', () => {
    const partway = [{ start: 'server' }, { start: 'client' }, 'data1'] as const;
    show({ events: [], steps: [...partway], edited: true });
    assert.equal(verdict(), 'Your run used code you changed, so it is not compared.');
    cleanup();
    show({ events: [], steps: [...partway], edited: false }, runtime('webcontainer', false));
    assert.equal(verdict(), 'The runtime running this lab records no socket events, so your run cannot be compared.');
    fireEvent.click(screen.getByRole('button', { name: 'Show what real Linux does: Close run' }));
    assert.match(verdict(), /cannot be compared\. This is what real Linux does\.$/);
    assert.equal(
      document.activeElement,
      screen.getByRole('list', { name: 'Real Linux, Close run, oldest first' }),
      'focus moves to what the button showed, not to the page',
    );
  });
});
