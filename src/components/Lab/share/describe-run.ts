import type { SharedRun } from '../../../labs/share/shared-run';

/** "server.c and client.c" */
export const listed = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** What a shared run holds, in words: "your changes to server.c, each terminal's output and the packets". */
export function contentsOf(run: SharedRun, mine = true): string {
  const parts = [
    run.files.length > 0
      ? `${mine ? 'your' : 'the'} changes to ${listed(run.files.map((f) => f.path))}`
      : `the lab's files unchanged`,
  ];
  if (run.outputs.length > 0) parts.push(run.outputs.length === 1 ? 'the terminal’s output' : 'each terminal’s output');
  if (run.kernel?.length) parts.push('the packets and socket states');
  if (run.trace?.length) parts.push('the socket events');
  return listed(parts);
}
