import type {
  DirectoryTree,
  WebContainerLike,
  WebContainerProcessLike,
} from '../../src/runtimes/webcontainer/webcontainer-like';

/**
 * An in-memory WebContainer: a file tree, and processes whose output the test writes and
 * whose input the test reads. Enough to test the runtime without StackBlitz's servers.
 */
export class FakeWebContainer implements WebContainerLike {
  readonly files = new Map<string, string>();
  readonly processes: FakeProcess[] = [];

  readonly fs = {
    rm: async (path: string) => {
      for (const key of [...this.files.keys()]) if (key === path || key.startsWith(`${path}/`)) this.files.delete(key);
    },
    mkdir: async (path: string) => path,
  };

  async mount(tree: DirectoryTree, options: { mountPoint?: string } = {}): Promise<void> {
    const walk = (node: DirectoryTree, prefix: string) => {
      for (const [name, entry] of Object.entries(node)) {
        const path = prefix ? `${prefix}/${name}` : name;
        if ('file' in entry) this.files.set(path, entry.file.contents);
        else walk(entry.directory, path);
      }
    };
    walk(tree, options.mountPoint ?? '');
  }

  async spawn(
    command: string,
    args: string[],
    options: { cwd?: string; env?: Record<string, string | number | boolean> } = {},
  ) {
    const proc = new FakeProcess(command, args, options);
    this.processes.push(proc);
    return proc;
  }
}

export class FakeProcess implements WebContainerProcessLike {
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  readonly exit: Promise<number>;
  readonly received: string[] = [];
  inputClosed = false;
  killed = false;
  private emit!: ReadableStreamDefaultController<string>;
  private finish!: (code: number) => void;

  constructor(
    readonly command: string,
    readonly args: string[],
    readonly options: { cwd?: string; env?: Record<string, string | number | boolean> },
  ) {
    this.output = new ReadableStream({ start: (c) => void (this.emit = c) });
    this.input = new WritableStream({
      write: (chunk) => void this.received.push(chunk),
      close: () => void (this.inputClosed = true),
    });
    this.exit = new Promise((resolve) => (this.finish = resolve));
  }

  print(text: string): void {
    this.emit.enqueue(text);
  }

  end(code: number): void {
    this.emit.close();
    this.finish(code);
  }

  kill(): void {
    this.killed = true;
    this.end(143);
  }
}
