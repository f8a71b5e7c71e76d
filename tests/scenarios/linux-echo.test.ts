import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadLabs } from '../../plugins/labs/load-labs';
import { readCReference } from '../../scripts/references/c-references';
import { firstCDifference, outputLines, type CProcessRun } from '../../src/labs/reference/native-c-reference';
import { argsWithPort, type Lab } from '../../src/labs/types';
import type { LinuxRuntime } from '../../src/runtimes/linux/linux-runtime';
import type { OutputChunk } from '../../src/runtimes/runtime';
import { spawnWatched, startLinuxRuntime, type WatchedProcess } from '../support/linux-guest';

/**
 * What a program wrote is compared, never where the terminal's echo landed: a learner who types
 * while the program prints sees the kernel's echo in the terminal, and the comparison with native
 * Linux sees only the program's own output. Keys are typed one by one with random pauses (a seeded
 * generator: a failure can be played again), as a person types.
 */
const labsDir = path.resolve(__dirname, '../../labs');

let runtime: LinuxRuntime;
before(async () => {
  runtime = await startLinuxRuntime();
});
after(() => runtime?.dispose());

/** A small seeded generator (mulberry32), so a failing interleaving can be played again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Types `text` one key at a time, with pauses of 0 to `maxPauseMs`. */
async function typeSlowly(
  proc: { writeInput(text: string): void },
  text: string,
  next: () => number,
  maxPauseMs: number,
) {
  for (const key of text) {
    proc.writeInput(key);
    await sleep(Math.floor(next() * maxPauseMs));
  }
}

/** How often echo came between two pieces of the program's output. */
function interleavings(chunks: readonly OutputChunk[]): number {
  let count = 0;
  let echoSince = false;
  let printed = false;
  for (const chunk of chunks) {
    if (chunk.stream === 'echo') echoSince = printed;
    else if (chunk.stream === 'stdout' || chunk.stream === 'stderr') {
      if (echoSince) count++;
      echoSince = false;
      printed = true;
    }
  }
  return count;
}

const echoOf = (chunks: readonly OutputChunk[]) =>
  chunks
    .filter((c) => c.stream === 'echo')
    .map((c) => c.text)
    .join('');

describe("a program's output and the terminal's echo, apart", () => {
  it('keys typed one by one while the program prints: its output is exactly what it wrote, the echo exactly the keys', async () => {
    // Prints a numbered line every 2 ms for as long as the keys come, then reads what was typed.
    const source = [
      '#include <stdio.h>',
      '#include <string.h>',
      '#include <time.h>',
      'int main(void) {',
      '  struct timespec pause = {0, 2000000};',
      '  for (int i = 1; i <= 600; i++) {',
      '    printf("line %04d of the program\\n", i);',
      '    fflush(stdout);',
      '    nanosleep(&pause, NULL);',
      '  }',
      '  char line[256];',
      '  int lines = 0;',
      '  while (fgets(line, sizeof line, stdin) && strcmp(line, "end\\n") != 0) lines++;',
      '  printf("read %d lines\\n", lines);',
      '  return 0;',
      '}',
      '',
    ].join('\n');
    await runtime.mount('printer', [{ path: 'printer.c', content: source }]);
    const next = random(26);
    const words = Array.from({ length: 30 }, (_, i) => `word${i} `.repeat(1 + Math.floor(next() * 2)).trim());
    const typed = `${words.join('\r')}\r`;
    const proc: WatchedProcess = await spawnWatched(runtime, { dir: 'printer', file: 'printer.c' });
    await proc.waitFor(/line 0001 of the program/, 60_000);
    await typeSlowly(proc.process, typed, next, 12);
    await proc.waitFor(/line 0600 of the program/, 60_000);
    proc.process.writeInput('end\r');
    assert.deepEqual(await proc.exit, { code: 0, signal: null });

    const expected = Array.from({ length: 600 }, (_, i) => `line ${String(i + 1).padStart(4, '0')} of the program\n`);
    assert.equal(proc.programText(), `${expected.join('')}read ${words.length} lines\n`);
    // The kernel's echo of each key (Enter as CR LF: ICRNL, then ONLCR), in order.
    assert.equal(echoOf(proc.chunks), `${typed.replace(/\r/g, '\r\n')}end\r\n`);
    const count = interleavings(proc.chunks);
    assert.ok(count >= 50, `the echo came between the program's lines only ${count} times`);
  });

  it('the close and shutdown runs of the C lab, typed key by key with random pauses while both programs print: each run matches native Linux', async () => {
    const lab = (await loadLabs(labsDir)).find((l) => l.id === 'c-close-vs-shutdown')!;
    await runtime.mount(lab.id, lab.files);
    const next = random(2612);
    for (const scenario of lab.scenarios) {
      const reference = await readCReference(labsDir, lab.id, scenario.id);
      const runs = await playTyped(lab, scenario.id, next);
      assert.equal(
        firstCDifference(reference.processes, runs),
        null,
        `${scenario.id}: ${JSON.stringify(runs, null, 2)}`,
      );
    }
  });
});

/** One scenario of the lab: the server, the client, then its lines typed key by key; the programs' lines and ends. */
async function playTyped(lab: Lab, scenarioId: string, next: () => number): Promise<Record<string, CProcessRun>> {
  const scenario = lab.scenarios.find((s) => s.id === scenarioId)!;
  const port = await runtime.reservePort();
  const start = (id: string) => {
    const spec = lab.processes.find((p) => p.id === id)!;
    return spawnWatched(runtime, { dir: lab.id, file: spec.file, args: argsWithPort(spec.args, port), env: spec.env });
  };
  const server = await start('server');
  await server.waitFor(/listening/, 60_000);
  const client = await start('client');
  await client.waitFor(/connected/, 60_000);
  // How each ended by itself; what is still running at the end is stopped, and has no end (as in a reference).
  let finished = false;
  const ends = new Map<WatchedProcess, CProcessRun['end']>();
  for (const proc of [server, client]) void proc.exit.then((end) => !finished && ends.set(proc, end));
  for (const line of scenario.input)
    if (typeof line === 'string') await typeSlowly(client.process, `${line}\r`, next, 25);
  await (scenario.until?.[0]?.proc === 'client' ? client : server).exit;
  await sleep(500); // the other side's last lines
  finished = true;
  for (const proc of [server, client]) proc.process.kill();
  await Promise.all([server.exit, client.exit]);
  const run = (proc: WatchedProcess): CProcessRun => ({
    lines: outputLines(proc.programText()),
    end: ends.get(proc) ?? null,
  });
  return { server: run(server), client: run(client) };
}
