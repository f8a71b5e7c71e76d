import type { LabFile } from '../../labs/types';
import type { ExitStatus, LabRuntime, OutputChunk, RunningProcess, SpawnRequest } from '../runtime';
import type { DirectoryTree, WebContainerLike } from './webcontainer-like';

/** The lab files as the nested tree WebContainer's mount() takes. */
export function toDirectoryTree(files: readonly LabFile[]): DirectoryTree {
  const root: DirectoryTree = {};
  for (const file of files) {
    const parts = file.path.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const existing = node[part];
      if (existing && 'directory' in existing) node = existing.directory;
      else {
        const directory: DirectoryTree = {};
        node[part] = { directory };
        node = directory;
      }
    }
    node[parts[parts.length - 1]!] = { file: { contents: file.content } };
  }
  return root;
}

/** First port handed out; every lab gets its own inside the WebContainer's private network. */
const FIRST_PORT = 4321;

/**
 * Runs lab code in a WebContainer: Node compiled for the browser, with an emulated network.
 * Output merges stdout and stderr (the WebContainer gives one stream).
 */
export class WebContainerRuntime implements LabRuntime {
  readonly kind = 'webcontainer' as const;
  /** No socket-event trace here yet: a WebContainer process has no extra descriptor to send it on. */
  readonly tracesSockets = false;
  readonly description = 'Node (WebContainer) inside this browser tab';
  private nextPort = FIRST_PORT;
  private readonly running = new Set<RunningProcess>();

  constructor(private readonly container: WebContainerLike) {}

  async mount(dir: string, files: readonly LabFile[]): Promise<void> {
    await this.container.fs.rm(dir, { recursive: true, force: true });
    await this.container.fs.mkdir(dir, { recursive: true });
    await this.container.mount(toDirectoryTree(files), { mountPoint: dir });
  }

  reservePort(): Promise<number> {
    return Promise.resolve(this.nextPort++);
  }

  async spawn(request: SpawnRequest): Promise<RunningProcess> {
    const proc = await this.container.spawn('node', [request.file], { cwd: request.dir, env: { ...request.env } });
    const writer = proc.input.getWriter();
    const output = proc.output.pipeThrough(
      new TransformStream<string, OutputChunk>({
        transform: (text, controller) => controller.enqueue({ stream: 'stdout', text }),
      }),
    );
    const exit = proc.exit.then((code): ExitStatus => ({ code, signal: null }));
    const running: RunningProcess = {
      output,
      exit,
      writeInput: (text) => void writer.write(text).catch(() => {}),
      closeInput: () => void writer.close().catch(() => {}),
      kill: () => proc.kill(),
    };
    this.running.add(running);
    void exit.finally(() => this.running.delete(running));
    return running;
  }

  dispose(): void {
    for (const proc of this.running) proc.kill();
    this.running.clear();
  }
}
