import type { LabFile } from '../../labs/types';
import type { ExitStatus, LabRuntime, OutputChunk, RunningProcess, SpawnRequest } from '../runtime';
import { TraceDemux } from './trace-demux';
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

/** Where the trace module is put, beside the lab folders; a lab process loads it from its own folder. */
const TRACE_DIR = '.lab-trace';

/** The socket-event recorder (labs/_trace/trace.cjs) as text, loaded only when a traced process starts. */
export type TraceModuleSource = () => Promise<string>;

const bundledTraceModule: TraceModuleSource = () =>
  import('../../../labs/_trace/trace.cjs?raw').then((m: { default: string }) => m.default);

/** A marker no program prints by chance: it starts each event line in the merged output. */
function newMarker(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `#lab-trace-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}#`;
}

/**
 * Runs lab code in a WebContainer: Node compiled for the browser, with an emulated network.
 * Output merges stdout and stderr (the WebContainer gives one stream). A WebContainer process
 * has no extra descriptor for socket events, so a traced process writes them into that one
 * stream as marked lines, and this runtime takes them out again (TraceDemux).
 */
export class WebContainerRuntime implements LabRuntime {
  readonly kind = 'webcontainer' as const;
  readonly tracesSockets = true;
  readonly input = 'pipe' as const;
  readonly tcp = 'emulated' as const;
  readonly mayForgetFiles = false;
  readonly description = 'Node (WebContainer) inside this browser tab';
  private nextPort = FIRST_PORT;
  private readonly running = new Set<RunningProcess>();
  private traceMounted: Promise<void> | null = null;

  constructor(
    private readonly container: WebContainerLike,
    private readonly traceModule: TraceModuleSource = bundledTraceModule,
  ) {}

  async mount(dir: string, files: readonly LabFile[]): Promise<void> {
    await this.container.fs.rm(dir, { recursive: true, force: true });
    await this.container.fs.mkdir(dir, { recursive: true });
    await this.container.mount(toDirectoryTree(files), { mountPoint: dir });
  }

  reservePort(): Promise<number> {
    return Promise.resolve(this.nextPort++);
  }

  async spawn(request: SpawnRequest): Promise<RunningProcess> {
    const marker = request.trace ? newMarker() : null;
    if (request.trace) await this.mountTraceModule();
    const depth = request.dir.split('/').filter(Boolean).length;
    const traced = marker ? ['--require', `${'../'.repeat(depth)}${TRACE_DIR}/trace.cjs`] : [];
    const args = [...traced, request.file, ...(request.args ?? [])];
    const env = marker
      ? { ...request.env, LAB_TRACE_MARKER: marker, LAB_TRACE_NAME: request.trace! }
      : { ...request.env };
    const proc = await this.container.spawn('node', args, { cwd: request.dir, env });
    const writer = proc.input.getWriter();
    const demux = marker ? new TraceDemux(marker) : null;
    const output = proc.output.pipeThrough(
      new TransformStream<string, OutputChunk>({
        transform: (text, controller) => {
          if (!demux) return controller.enqueue({ stream: 'stdout', text });
          const { output: own, events } = demux.push(text);
          if (own) controller.enqueue({ stream: 'stdout', text: own });
          for (const line of events) controller.enqueue({ stream: 'trace', text: line });
        },
        flush: (controller) => {
          const rest = demux?.flush();
          if (rest) controller.enqueue({ stream: 'stdout', text: rest });
        },
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

  private mountTraceModule(): Promise<void> {
    this.traceMounted ??= this.traceModule().then((source) =>
      this.container.mount({ 'trace.cjs': { file: { contents: source } } }, { mountPoint: TRACE_DIR }),
    );
    // A failed attempt is tried again by the next process.
    this.traceMounted.catch(() => (this.traceMounted = null));
    return this.traceMounted;
  }

  dispose(): void {
    for (const proc of this.running) proc.kill();
    this.running.clear();
  }
}
