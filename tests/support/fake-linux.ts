import type { KernelEvent } from '../../src/runtimes/linux/kernel-events';
import type { ExitStatus, LabRuntime, OutputChunk, RunningProcess } from '../../src/runtimes/runtime';

/** A Linux runtime stand-in: each spawned process's output, input and end are the test's to drive. */
export function fakeLinux() {
  const kernelListeners = new Set<(event: KernelEvent) => void>();
  const procs = new Map<
    string,
    { print(text: string): void; echo(text: string): void; end(status: ExitStatus): void; typed: string[] }
  >();
  const runtime: LabRuntime & { onKernelEvent(l: (e: KernelEvent) => void): () => void } = {
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
    spawn: (request) => {
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
      return Promise.resolve(proc);
    },
  };
  return {
    runtime,
    procs,
    kernel: (events: KernelEvent[]) => events.forEach((e) => kernelListeners.forEach((l) => l(e))),
  };
}
