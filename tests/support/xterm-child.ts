// Writes output into fresh terminals in a process of its own, so that a test can end it if
// xterm never finishes: `node --import tsx xterm-child.ts` with the cases on its
// standard input (XtermCase[], JSON); prints one snapshot per case, as JSON.
import { newTerminal, snapshot, written } from './headless-xterm';
import { boundCounts } from '../../src/components/Lab/terminal/clamp-counts';

/** Output for a fresh terminal of rows × cols, bounded (clamp-counts.ts) or xterm alone; `whole`: see snapshot(). */
export interface XtermCase {
  readonly rows: number;
  readonly cols: number;
  readonly data: string;
  readonly bounded: boolean;
  readonly whole: boolean;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const cases = JSON.parse(input) as XtermCase[];
  const snapshots: string[][] = [];
  for (const { rows, cols, data, bounded, whole } of cases) {
    const term = await newTerminal(rows, cols);
    if (bounded) boundCounts(term);
    await written(term, data);
    snapshots.push(snapshot(term, whole));
    term.dispose();
  }
  process.stdout.write(JSON.stringify(snapshots));
  process.exit(0);
}

void main();
