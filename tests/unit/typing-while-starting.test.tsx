import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { act, cleanup, renderHook } from '@testing-library/react';
import { useLabProcess } from '../../src/components/Lab/workbench/useLabProcess';
import type { TerminalHandle } from '../../src/components/Lab/terminal/ProcessTerminal';
import type { ProcessHooks } from '../../src/components/Lab/timeline/useTrace';
import type { LabProcessSpec } from '../../src/labs/types';
import type { ExitStatus, LabRuntime, OutputChunk, RunningProcess } from '../../src/runtimes/runtime';

afterEach(cleanup);

const client: LabProcessSpec = { id: 'client', title: 'Client', file: 'client.js', args: [], env: {}, stdin: true };

/** A process that records its input and ends when killed. */
class FakeProcess implements RunningProcess {
  readonly input: string[] = [];
  inputClosed = false;
  private end!: (status: ExitStatus) => void;
  private controller!: ReadableStreamDefaultController<OutputChunk>;
  readonly output = new ReadableStream<OutputChunk>({ start: (c) => void (this.controller = c) });
  readonly exit = new Promise<ExitStatus>((resolve) => (this.end = resolve));
  print(text: string, stream: OutputChunk['stream'] = 'stdout') {
    this.controller.enqueue({ stream, text });
  }
  writeInput(text: string) {
    this.input.push(text);
  }
  closeInput() {
    this.inputClosed = true;
  }
  kill() {
    this.controller.close();
    this.end({ code: null, signal: 'SIGTERM' });
  }
}

/** A runtime whose spawns wait until the test lets them through (or fails them). */
function slowRuntime() {
  const spawned: FakeProcess[] = [];
  const pending: { resolve: (p: RunningProcess) => void; reject: (e: Error) => void }[] = [];
  const runtime = {
    kind: 'local',
    description: 'fake',
    tracesSockets: true,
    input: 'pipe',
    tcp: 'kernel',
    mayForgetFiles: false,
    mount: async () => {},
    reservePort: async () => 4000,
    dispose: () => {},
    spawn: () => new Promise<RunningProcess>((resolve, reject) => pending.push({ resolve, reject })),
  } as LabRuntime;
  const letThrough = async (print = true) => {
    const proc = new FakeProcess();
    spawned.push(proc);
    await act(async () => {
      pending.shift()!.resolve(proc);
      await Promise.resolve();
      if (print) proc.print('client: connected\n');
    });
    return proc;
  };
  const fail = async (message: string) => {
    await act(async () => pending.shift()!.reject(new Error(message)));
  };
  return { runtime, spawned, letThrough, fail, waitingSpawns: () => pending.length };
}

function setUp() {
  const notices: string[] = [];
  const terminal = {
    current: {
      write: () => {},
      notice: (text: string) => void notices.push(text),
      clear: () => void (notices.length = 0),
      text: () => '',
    },
  } satisfies { current: TerminalHandle };
  const inputs: [string, number][] = [];
  let runs = 0;
  const hooks: ProcessHooks = {
    onStart: () => ++runs,
    onInput: (_id, line, run) => void inputs.push([line, run]),
    onEndOfInput: (_id, run) => void inputs.push(['(end of input)', run]),
    onEvent: () => {},
    onExit: () => {},
  };
  const fake = slowRuntime();
  const prepare = async () => ({ dir: 'lab', port: 4000 });
  const { result } = renderHook(() => useLabProcess(client, fake.runtime, prepare, terminal, hooks));
  return { ...fake, result, notices, inputs };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 50 && !condition(); i++) await act(() => new Promise((r) => setTimeout(r, 2)));
  assert.ok(condition(), 'timed out');
};

describe('typing into a process while it starts or restarts', () => {
  it('keeps what is typed during a start and sends it, in order, once the process runs', async () => {
    const lab = setUp();
    let started!: Promise<void>;
    act(() => void (started = lab.result.current.start()));
    await until(() => lab.waitingSpawns() === 1);
    act(() => lab.result.current.sendLine('data1'));
    act(() => lab.result.current.sendLine('data2'));
    act(() => lab.result.current.endInput());
    assert.match(lab.notices.join('\n'), /client is starting: what you type is sent once it runs/);
    const proc = await lab.letThrough();
    await act(() => started);
    assert.deepEqual(proc.input, ['data1\n', 'data2\n']);
    assert.equal(proc.inputClosed, true);
    assert.deepEqual(lab.inputs, [
      ['data1', 1],
      ['data2', 1],
      ['(end of input)', 1],
    ]);
    assert.match(lab.notices.join('\n'), /sent what you typed while it started: "data1", "data2", end of input/);
  });

  it('sends what is typed during a restart to the new process, not the one being stopped', async () => {
    const lab = setUp();
    act(() => void lab.result.current.start());
    await until(() => lab.waitingSpawns() === 1);
    const first = await lab.letThrough();
    act(() => void lab.result.current.restart());
    act(() => lab.result.current.sendLine('hello'));
    await until(() => lab.waitingSpawns() === 1);
    act(() => lab.result.current.sendLine('again'));
    const second = await lab.letThrough();
    assert.deepEqual(first.input, []);
    assert.deepEqual(second.input, ['hello\n', 'again\n']);
    assert.deepEqual(lab.inputs, [
      ['hello', 2],
      ['again', 2],
    ]);
  });

  it('says plainly that what was typed was not sent when the start fails', async () => {
    const lab = setUp();
    act(() => void lab.result.current.start());
    await until(() => lab.waitingSpawns() === 1);
    act(() => lab.result.current.sendLine('data1'));
    await lab.fail('the local runner is gone');
    assert.match(lab.notices.join('\n'), /not sent, the client did not start: "data1"/);
    act(() => lab.result.current.sendLine('later'));
    assert.match(lab.notices.join('\n'), /not sent: the client is not running \(press Start first\)/);
  });
});

describe('when a start counts as done', () => {
  it('only once the program itself prints (a runtime notice or a socket event is not it), or ends', async () => {
    const lab = setUp();
    let resolved = false;
    act(() => void lab.result.current.start().then(() => (resolved = true)));
    await until(() => lab.waitingSpawns() === 1);
    const proc = await lab.letThrough(false);
    await act(async () => {
      proc.print('$ tcc -Wall -o echo-server echo-server.c', 'notice');
      proc.print('{"kind":"listen"}', 'trace');
      await new Promise((r) => setTimeout(r, 20));
    });
    assert.equal(resolved, false, 'a notice is not the program printing');
    await act(async () => {
      proc.print('server: listening\n', 'stdout');
      await new Promise((r) => setTimeout(r, 5));
    });
    assert.equal(resolved, true);
  });
});
