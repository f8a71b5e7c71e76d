import { raceTimeout } from '../race-timeout';
import type { WebContainerLike } from './webcontainer-like';

/**
 * WebContainer's TCP is emulated in JavaScript, so when it boots it first runs
 * labs/_self-check/close-behaviours.cjs: the three close behaviours the Node labs rely on, each
 * tried once. Here is what Node gives on Linux for each (tests/unit/close-self-check.test.ts runs
 * the same program on this machine's kernel and checks these), and how a run compares.
 */
export const LINUX_CLOSE_BEHAVIOURS = [
  {
    id: 'write-after-peer-destroy',
    title: "writing twice after the peer's destroy()",
    linux: 'first write: no error; second write: EPIPE',
  },
  {
    id: 'reset-by-peer',
    title: "the peer's resetAndDestroy()",
    linux: 'error ECONNRESET',
  },
  {
    id: 'half-close',
    title: 'a reply after end() (half-close)',
    linux: 'reply received after own end()',
  },
] as const;

export interface SelfCheckItem {
  readonly id: string;
  readonly title: string;
  readonly linux: string;
  readonly got: string;
  readonly matches: boolean;
}

export type SelfCheckState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly items: readonly SelfCheckItem[] }
  /** The check itself could not run or did not finish: nothing is known either way. */
  | { readonly status: 'failed'; readonly reason: string };

export const SELF_CHECK_MARKER = '#close-self-check#';
const DIR = '.close-self-check';
const FILE = 'close-behaviours.cjs';

/** What the program printed, compared with Linux; a failed state when it printed no result. */
export function readSelfCheckOutput(output: string): SelfCheckState {
  const line = output.split('\n').find((l) => l.startsWith(SELF_CHECK_MARKER));
  if (!line) return { status: 'failed', reason: 'the check printed no result' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(SELF_CHECK_MARKER.length));
  } catch {
    return { status: 'failed', reason: 'the check printed a result that is not JSON' };
  }
  if (!Array.isArray(parsed)) {
    const error = (parsed as { error?: unknown } | null)?.error;
    return { status: 'failed', reason: `the check could not run: ${String(error ?? 'unknown result')}` };
  }
  const got = new Map<string, string>();
  for (const entry of parsed as { id?: unknown; got?: unknown }[]) {
    if (typeof entry?.id === 'string' && typeof entry.got === 'string') got.set(entry.id, entry.got);
  }
  const items = LINUX_CLOSE_BEHAVIOURS.map(({ id, title, linux }) => {
    const result = got.get(id) ?? 'no result';
    return { id, title, linux, got: result, matches: result === linux };
  });
  return { status: 'done', items };
}

export interface SelfCheckOptions {
  /** The program's text (labs/_self-check/close-behaviours.cjs). */
  readonly source: string;
  /** A port the check's servers may listen on. */
  readonly port: number;
  /** How long the whole check may take before it counts as failed. */
  readonly limitMs: number;
}

/** Runs the check in `container` and compares it with Linux. Never rejects. */
export async function runCloseSelfCheck(
  container: WebContainerLike,
  options: SelfCheckOptions,
): Promise<SelfCheckState> {
  let kill: (() => void) | undefined;
  const checking = (async (): Promise<SelfCheckState> => {
    await container.mount({ [FILE]: { file: { contents: options.source } } }, { mountPoint: DIR });
    const proc = await container.spawn('node', [FILE, String(options.port)], { cwd: DIR });
    kill = () => proc.kill();
    let output = '';
    const reading = proc.output.pipeTo(new WritableStream({ write: (text) => void (output += text) }));
    await proc.exit;
    await reading.catch(() => {});
    return readSelfCheckOutput(output);
  })().catch((err: unknown): SelfCheckState => ({
    status: 'failed',
    reason: `the check could not run: ${(err as Error).message}`,
  }));
  return raceTimeout(checking, options.limitMs, (): SelfCheckState => {
    kill?.();
    return { status: 'failed', reason: `the check did not finish within ${Math.round(options.limitMs / 1000)} s` };
  });
}
