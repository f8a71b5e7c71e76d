import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ReferencePanel } from '../../src/components/Lab/reference/ReferencePanel';
import type { LabRunRecord } from '../../src/labs/reference/run-verdict';
import type { LabRuntime } from '../../src/runtimes/runtime';
import { closeVsShutdown, closeVsShutdownReference } from '../support/close-vs-shutdown-lab';

afterEach(cleanup);

const summary = closeVsShutdown;
const reference = closeVsShutdownReference;
const references = [reference('close'), reference('shutdown')];
const closeSteps = [{ start: 'server' }, { start: 'client' }, 'data1', 'data2', 'close'];
const runtime = (kind: LabRuntime['kind'], tracesSockets = true) => ({ kind, tracesSockets }) as LabRuntime;
const verdict = () => screen.getByRole('status', { name: 'Your run compared with real Linux' }).textContent ?? '';
const show = (run: LabRunRecord, on: LabRuntime = runtime('local')) =>
  render(<ReferencePanel summary={summary} references={references} run={run} runtime={on} />);

describe('the real-Linux reference beside the learner’s run', () => {
  it('lists what real Linux does in the scenario, in words, and asks for a run', () => {
    show({ events: [], steps: [], edited: false });
    const list = screen.getByRole('list', { name: 'Real Linux, Close run, oldest first' });
    assert.match(list.textContent ?? '', /Server: write "Hi, data2" → EPIPE/);
    assert.match(verdict(), /Do this scenario’s steps/);
  });

  it('follows the scenario the learner is doing, and says the next step', () => {
    show({ events: [], steps: [{ start: 'server' }, { start: 'client' }, 'data1', 'data2'], edited: false });
    assert.match(verdict(), /follows this scenario so far\. Next: type “close”/);
    fireEvent.change(screen.getByRole('combobox', { name: 'Scenario' }), { target: { value: 'shutdown' } });
    assert.ok(screen.getByRole('list', { name: 'Real Linux, Shutdown run, oldest first' }));
    assert.match(verdict(), /Next: type “shutdown”/);
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
});
