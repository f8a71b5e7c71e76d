/**
 * Records the kernel events of the C echo experiment (close run, then shutdown run, SIGPIPE at its
 * default) in the committed guest, into tests/unit/fixtures/kernel-events-echo.json, which the
 * kernel view's tests read. Run again after rebuilding the image:
 *   npx tsx scripts/linux-image/record-kernel-events.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KernelEvent } from '../../src/runtimes/linux/kernel-events';
import { referenceFiles, spawnWatched, startLinuxRuntime } from '../../tests/support/linux-guest';

const out = path.resolve(__dirname, '../../tests/unit/fixtures/kernel-events-echo.json');

async function main(): Promise<void> {
  const runtime = await startLinuxRuntime();
  let events: KernelEvent[] = [];
  runtime.onKernelEvent((e) => events.push(e));
  await runtime.mount('echo', await referenceFiles('delayed-echo-server.c', 'echo-client.c'));
  const recorded: Record<string, KernelEvent[]> = {};
  let compiled = false;
  for (const last of ['close', 'shutdown']) {
    const port = String(await runtime.reservePort());
    const file = (name: string) => (compiled ? name : `${name}.c`);
    events = [];
    const server = await spawnWatched(runtime, {
      dir: 'echo',
      file: file('delayed-echo-server'),
      args: [port, '150', 'default'],
    });
    await server.waitFor(/server: listening/);
    const client = await spawnWatched(runtime, { dir: 'echo', file: file('echo-client'), args: [port] });
    await client.waitFor(/client: connected/);
    compiled = true;
    client.process.writeInput(`data1\ndata2\n${last}\n`);
    await server.exit;
    await Promise.race([client.exit, new Promise((r) => setTimeout(r, 1500))]);
    client.process.kill();
    await new Promise((r) => setTimeout(r, 400));
    recorded[last] = events;
  }
  writeFileSync(out, JSON.stringify(recorded, null, 2) + '\n');
  runtime.dispose();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
