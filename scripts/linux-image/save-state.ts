/**
 * Boots the freshly built kernel + initramfs under Node, waits for the guest agent, warms up the
 * compiler once, and writes the machine's saved state (uncompressed; build.sh compresses it).
 *   tsx scripts/linux-image/save-state.ts OUT_DIR STATE_FILE
 */
import { writeFile } from 'node:fs/promises';
import { GuestAgent } from '../../src/runtimes/linux/guest-agent';
import { startNodeMachine } from '../../src/runtimes/linux/node-machine';
import { terminalPorts } from '../../src/runtimes/linux/v86-machine';

async function main(): Promise<void> {
  const [dir, stateFile] = process.argv.slice(2);
  if (!dir || !stateFile) throw new Error('usage: save-state.ts OUT_DIR STATE_FILE');
  const started = performance.now();
  const machine = await startNodeMachine({ dir, boot: 'cold' });
  const console0: string[] = [];
  let text = '';
  machine.onOutput(0, (b) => {
    text += String.fromCharCode(b);
    if (b === 10) {
      console0.push(text);
      text = '';
    }
  });
  const agent = new GuestAgent(machine);
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the agent did not start:\n${console0.join('')}${text}`)), 180_000);
    const poll = setInterval(() => {
      if (console0.some((l) => l.startsWith('@ready'))) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 50);
  });
  await ready;
  await agent.hello();
  console.log(`booted, agent ready after ${Math.round(performance.now() - started)} ms`);
  // Every terminal works, and nothing is left behind that the page does not expect: /tmp is empty.
  for (const tty of terminalPorts) {
    let shown = '';
    const off = machine.onOutput(tty, (b) => (shown += String.fromCharCode(b)));
    const check = await agent.spawn(tty, '/', [
      'sh',
      '-c',
      'test -x /sbin/agent && test -z "$(ls /tmp)" && echo "tty $0 ok"',
      String(tty),
    ]);
    const status = await check.exit;
    off();
    if (status.code !== 0 || !shown.includes(`tty ${tty} ok`)) {
      throw new Error(
        `guest check on ttyS${tty} failed: ${JSON.stringify(status)}, terminal showed ${JSON.stringify(shown)}`,
      );
    }
  }
  // Drain the terminal's output of that check so the state holds an idle machine.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const state = await machine.save();
  await writeFile(stateFile, new Uint8Array(state));
  console.log(`saved state: ${state.byteLength} bytes`);
  agent.dispose();
  await machine.destroy();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
