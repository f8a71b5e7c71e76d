/**
 * Boots the freshly built kernel + initramfs under Node, waits for the guest agent, fills the
 * agent's compile cache with the course's C programs (reference/c), places every C lab's files as
 * they ship in /lab/<lab id>/ with their binaries, and writes the machine's saved state
 * (uncompressed; build.sh compresses it) and the list of placed files with their SHA-256.
 *   tsx scripts/linux-image/save-state.ts OUT_DIR STATE_FILE LAB_FILES_JSON
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLabs } from '../../plugins/labs/load-labs';
import { GuestAgent } from '../../src/runtimes/linux/guest-agent';
import { binaryOf, compileFlags, guestDir } from '../../src/runtimes/linux/linux-runtime';
import { startNodeMachine } from '../../src/runtimes/linux/node-machine';
import { terminalPorts } from '../../src/runtimes/linux/v86-machine';

async function main(): Promise<void> {
  const [dir, stateFile, labFilesFile] = process.argv.slice(2);
  if (!dir || !stateFile || !labFilesFile) throw new Error('usage: save-state.ts OUT_DIR STATE_FILE LAB_FILES_JSON');
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
  await seedCompileCache(agent);
  const placed = await placeLabFiles(agent);
  // Every terminal works, and nothing is left behind that the page does not expect: /tmp is empty.
  for (const tty of terminalPorts) {
    let shown = '';
    const off = machine.onOutput(tty, (b) => (shown += String.fromCharCode(b)));
    const check = await agent.spawn(tty, '/', [
      'sh',
      '-c',
      'test -x /sbin/agent && test -z "$(ls -A /tmp)" && echo "tty $0 ok"',
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
  await writeFile(labFilesFile, JSON.stringify(placed, null, 2) + '\n');
  console.log(`saved state: ${state.byteLength} bytes, ${placed.length} lab files placed`);
  agent.dispose();
  await machine.destroy();
}

/**
 * Compiles every course program (reference/c/*.c) as a lab compiles it, so a lab that ships one
 * unedited finds its binary in the restored machine: the agent reuses a build whose flags, source
 * and input files hash the same, in any folder. Each is built twice: with the course's headers
 * beside it ("demo.h" found in the lab's folder) and without (found in /usr/include). The folders
 * are removed; the cache (/var/cache/cc, root only) stays.
 */
async function seedCompileCache(agent: GuestAgent): Promise<void> {
  const referenceDir = path.resolve(__dirname, '../../reference/c');
  const names = (await readdir(referenceDir)).sort();
  const headers = names.filter((n) => n.endsWith('.h'));
  const read = (name: string) => readFile(path.join(referenceDir, name), 'utf8');
  const started = performance.now();
  let built = 0;
  for (const name of names.filter((n) => n.endsWith('.c'))) {
    for (const [folder, extra] of [
      ['/lab/seed-alone', []],
      ['/lab/seed-with-headers', headers],
    ] as const) {
      for (const file of [name, ...extra]) await agent.writeFile(`${folder}/${file}`, await read(file));
      const build = await agent.build(0, folder, name, name.replace(/\.c$/, ''), compileFlags);
      const status = build === 'cached' ? { code: 0 } : await build.exit;
      if (status.code !== 0) throw new Error(`reference/c/${name} does not compile in the guest`);
      built++;
    }
  }
  const clean = await agent.spawn(0, '/', ['rm', '-rf', '/lab/seed-alone', '/lab/seed-with-headers']);
  await clean.exit;
  console.log(`compile cache: ${built} builds of reference/c in ${Math.round(performance.now() - started)} ms`);
}

/**
 * Writes every C lab's files, as the page would (same paths, same user), and builds its C files
 * there, so a restored machine already holds them and their binaries: after a restore the page
 * writes only the files the learner changed, and the first Start runs at once.
 */
async function placeLabFiles(agent: GuestAgent): Promise<{ path: string; sha256: string }[]> {
  const labs = (await loadLabs(path.resolve(__dirname, '../../labs'))).filter((lab) => lab.runtime === 'linux');
  const placed: { path: string; sha256: string }[] = [];
  const build = async (lab: (typeof labs)[number]) => {
    for (const file of lab.files.filter((f) => f.path.endsWith('.c') && !f.path.includes('/'))) {
      const started = await agent.build(0, guestDir(lab.id), file.path, binaryOf(file.path), compileFlags);
      const status = started === 'cached' ? { code: 0 } : await started.exit;
      if (status.code !== 0) throw new Error(`${lab.id}/${file.path} does not compile in the guest`);
    }
  };
  for (const lab of labs) {
    for (const file of lab.files) {
      const at = `${guestDir(lab.id)}/${file.path}`;
      await agent.writeFile(at, file.content);
      placed.push({ path: at, sha256: createHash('sha256').update(file.content).digest('hex') });
    }
    await build(lab);
  }
  // Once more, a moment later: the agent keeps the hash of a file only when it was last changed a
  // while before (its clock is coarse), so now it keeps them, in the saved state: a Start right
  // after a restore does not hash the lab's files again.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const lab of labs) await build(lab);
  return placed.sort((a, b) => a.path.localeCompare(b.path));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
