import type { KernelEvent } from '../../src/runtimes/linux/kernel-events';
import { noFault, type WireFault, type WireFaults } from '../../src/runtimes/linux/wire-faults';
import type { ExitStatus, LabRuntime, OutputChunk, RunningProcess } from '../../src/runtimes/runtime';

/** A Linux runtime stand-in: each spawned process's output, input and end are the test's to drive. */
export function fakeLinux() {
  const kernelListeners = new Set<(event: KernelEvent) => void>();
  const procs = new Map<
    string,
    { print(text: string): void; echo(text: string): void; end(status: ExitStatus): void; typed: string[] }
  >();
  let fault: WireFault = noFault;
  const faultListeners = new Set<(fault: WireFault) => void>();
  const setFault = (next: WireFault) => {
    fault = next;
    faultListeners.forEach((l) => l(next));
    return Promise.resolve();
  };
  const runtime: LabRuntime & WireFaults & { onKernelEvent(l: (e: KernelEvent) => void): () => void } = {
    kind: 'linux',
    description: 'fake Linux',
    tracesSockets: false,
    input: 'pty',
    tcp: 'kernel',
    mayForgetFiles: true,
    mount: () => Promise.resolve(),
    reservePort: () => Promise.resolve(5000),
    dispose: () => {},
    onKernelEvent: (listener) => {
      kernelListeners.add(listener);
      return () => kernelListeners.delete(listener);
    },
    // The wire: faults as the Linux runtime keeps them (a process's aim is armed as it starts).
    setFault,
    currentFault: () => fault,
    onFaultChange: (listener) => {
      faultListeners.add(listener);
      return () => faultListeners.delete(listener);
    },
    onRetransmit: () => () => {},
    onLost: () => () => {},
    spawn: async (request) => {
      if (request.aim) await setFault({ ...fault, aim: request.aim });
      let controller!: ReadableStreamDefaultController<OutputChunk>;
      const output = new ReadableStream<OutputChunk>({ start: (c) => void (controller = c) });
      let finish!: (status: ExitStatus) => void;
      const exit = new Promise<ExitStatus>((resolve) => (finish = resolve));
      const typed: string[] = [];
      procs.set(request.trace!, {
        print: (text) => controller.enqueue({ stream: 'stdout', text }),
        // The guest's terminal echo reaches the page apart from the program's output.
        echo: (text) => controller.enqueue({ stream: 'echo', text }),
        end: (status) => {
          controller.close();
          finish(status);
        },
        typed,
      });
      const proc: RunningProcess = {
        output,
        exit,
        writeInput: (text) => typed.push(text),
        closeInput: () => {},
        kill: () => {},
      };
      return proc;
    },
  };
  return {
    runtime,
    procs,
    kernel: (events: KernelEvent[]) => events.forEach((e) => kernelListeners.forEach((l) => l(e))),
  };
}
