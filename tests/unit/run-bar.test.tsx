import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { RunBar } from '../../src/components/Lab/workbench/RunBar';
import type { ProcessControls } from '../../src/components/Lab/workbench/ProcessPanel';
import type { LabProcessSpec, LabScenario } from '../../src/labs/types';

afterEach(cleanup);

const spec = (id: string, title: string): LabProcessSpec => ({
  id,
  title,
  file: `${id}.c`,
  args: [],
  env: {},
  stdin: false,
});
const processes = [spec('server', 'Server'), spec('client', 'Client')];
const scenario = { id: 'close', title: 'Close run', startFirst: ['server', 'client'] } as unknown as LabScenario;

/** A process whose start resolves only when the test says its program printed. */
function slowProcess() {
  const calls = { starts: 0, expected: 0 };
  let printed = () => {};
  const controls: ProcessControls = {
    running: false,
    start: () => {
      calls.starts++;
      return new Promise<void>((resolve) => (printed = resolve));
    },
    expectStart: () => void calls.expected++,
    stop: async () => {},
    output: () => '',
    terminal: () => null,
  };
  return { controls, calls, print: () => printed() };
}

/** The bar for a server and a client that print only when the test says so. */
function renderBar() {
  const server = slowProcess();
  const client = slowProcess();
  const controls = new Map([
    ['server', server.controls],
    ['client', client.controls],
  ]);
  render(<RunBar scenarios={[scenario]} processes={processes} controls={controls} onStartAfresh={() => {}} />);
  return { server, client };
}

const tick = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

describe('"Start afresh" starts a scenario’s processes in order', () => {
  it('starts the client only once the server’s program has printed, however long that takes, and says what it waits for', async () => {
    const { server, client } = renderBar();
    fireEvent.click(screen.getByRole('button', { name: 'Start afresh: Close run' }));
    await tick(10);
    assert.equal(server.calls.starts, 1);
    // Typing into the client meanwhile is kept for it (its start is expected), not refused.
    assert.equal(client.calls.expected, 1);
    assert.match(
      screen.getByRole('status').textContent ?? '',
      /Waiting for the server to print something before starting the client/,
    );
    // Longer than the 5 s the bar used to wait (a compile in the emulated machine under load).
    await tick(5200);
    assert.equal(client.calls.starts, 0, 'the client waits for the server');
    await act(async () => server.print());
    await tick(10);
    assert.equal(client.calls.starts, 1);
    assert.equal(screen.getByRole('status').textContent, '');
  });

  it('"Stop all" ends the wait: the next process is not started afterwards', async () => {
    const { server, client } = renderBar();
    fireEvent.click(screen.getByRole('button', { name: 'Start afresh: Close run' }));
    await tick(10);
    fireEvent.click(screen.getByRole('button', { name: 'Stop all' }));
    await act(async () => server.print());
    await tick(10);
    assert.equal(client.calls.starts, 0);
    assert.equal(screen.getByRole('status').textContent, '');
  });
});
