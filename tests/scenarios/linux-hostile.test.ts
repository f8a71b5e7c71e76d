import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LinuxRuntime } from '../../src/runtimes/linux/linux-runtime';
import {
  guestMemoryReport,
  labProcessesLeft,
  spawnWatched,
  startLinuxRuntime,
  type WatchedProcess,
} from '../support/linux-guest';

/**
 * A hostile lab program in the guest, as a learner's program could be: it must not take over the
 * guest (root's files, the compile cache), outlive Stop, read another program's terminal, leave
 * terminal settings behind, or die to the OOM killer without a word. Each attack is played on the
 * committed saved state under Node and fails on an agent without the defence.
 */
const limits = {
  processes: 24,
  fileBytes: 1024 * 1024,
  cpuSeconds: 20,
  memoryBytes: 64 * 1024 * 1024,
  terminalMemoryBytes: 32 * 1024 * 1024,
};
let guest: LinuxRuntime;
before(async () => {
  guest = await startLinuxRuntime({ maxOutputBytes: 256 * 1024, guest: limits });
});
after(() => guest?.dispose());

const sh = (script: string) => spawnWatched(guest, { dir: '', file: '/bin/sh', args: ['-c', script] });
const output = async (proc: WatchedProcess) => {
  await proc.exit;
  return proc.programText();
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** What is left of the lab users' processes once those just killed had the time to end. */
const labProcesses = () => labProcessesLeft(guest);
/** Waits for `pattern`; when it does not come, fails with what the guest says of its memory. */
const awaitOom = (proc: WatchedProcess, pattern: RegExp) =>
  proc.waitFor(pattern, 120_000).catch(async (error: unknown) => {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\nthe guest's memory:\n${await guestMemoryReport(guest)}`,
    );
  });

describe('a hostile lab program in the guest', () => {
  it("the page's file writes never go through a link a lab program made: /etc/passwd stays root's and as it was", async () => {
    const before = await output(await sh('ls -ln /etc/passwd; md5sum /etc/passwd'));
    await output(await sh('mkdir -p /lab/x && ln -s /etc/passwd /lab/x/victim.h && ln -s /etc /lab/y && echo made'));
    const evil = 'root::0:0:root:/root:/bin/sh\n';
    await assert.rejects(guest.mount('x', [{ path: 'victim.h', content: evil }]), /victim\.h/);
    await assert.rejects(guest.mount('y', [{ path: 'passwd', content: evil }]), /passwd/);
    assert.equal(await output(await sh('ls -ln /etc/passwd; md5sum /etc/passwd')), before);
    assert.match(before, /^-\S+\s+\d+\s+0\s+0\s/, 'owned by root');
  });

  it('the compile cache never keeps a file it did not get from the compiler: a link swapped in for the binary is refused', async () => {
    // In another terminal, a program swaps the compiler's output for a link to a root-only file, over and over.
    const swapper = [
      '#include <stdio.h>',
      '#include <unistd.h>',
      'int main(void) {',
      '  printf("swapping\\n");',
      '  fflush(stdout);',
      '  for (;;) {',
      '    symlink("/proc/1/environ", ".swap");',
      '    rename(".swap", "prog");',
      '  }',
      '}',
      '',
    ].join('\n');
    const prog = (n: number) => `#include <stdio.h>\nint main(void) { printf("ok ${n}\\n"); return 0; }\n`;
    await guest.mount('race', [{ path: 'swapper.c', content: swapper }]);
    const swapping = await spawnWatched(guest, { dir: 'race', file: 'swapper.c' });
    await swapping.waitFor(/swapping/, 60_000);
    const attempts = [1, 2, 3, 4];
    for (const n of attempts) {
      await guest.mount('race', [{ path: 'prog.c', content: prog(n) }]);
      const build = await spawnWatched(guest, { dir: 'race', file: 'prog.c' });
      await build.exit; // compiled (or refused by the link), and run if it could be
    }
    swapping.process.kill();
    await swapping.exit;
    // The same sources again, with nothing in the way: from the cache or compiled again, each runs.
    for (const n of attempts) {
      await guest.mount('race', [{ path: 'prog.c', content: prog(n) }]);
      const again = await spawnWatched(guest, { dir: 'race', file: 'prog.c' });
      assert.deepEqual(await again.exit, { code: 0, signal: null }, again.text());
      assert.equal(again.programText(), `ok ${n}\n`);
    }
  });

  it('Stop ends a program whose child left its session and group (setsid), and frees the port it held', async () => {
    const source = [
      '#include <netinet/in.h>',
      '#include <stdio.h>',
      '#include <stdlib.h>',
      '#include <sys/socket.h>',
      '#include <unistd.h>',
      'int main(int argc, char **argv) {',
      '  if (fork() == 0) {',
      '    setsid();',
      '    if (fork() == 0) {',
      '      int s = socket(AF_INET, SOCK_STREAM, 0);',
      '      struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};',
      '      if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 1) != 0) {',
      '        perror("bind");',
      '        return 1;',
      '      }',
      '      printf("listening\\n");',
      '      fflush(stdout);',
      '      for (;;) pause();',
      '    }',
      '    for (;;) pause();',
      '  }',
      '  for (;;) pause();',
      '}',
      '',
    ].join('\n');
    await guest.mount('daemon', [{ path: 'daemon.c', content: source }]);
    const port = String(await guest.reservePort());
    const first = await spawnWatched(guest, { dir: 'daemon', file: 'daemon.c', args: [port] });
    await first.waitFor(/listening/, 60_000);
    first.process.kill();
    assert.deepEqual(await first.exit, { code: null, signal: 'SIGKILL' });
    assert.deepEqual(await labProcesses(), []);
    const second = await spawnWatched(guest, { dir: 'daemon', file: 'daemon.c', args: [port] });
    await second.waitFor(/listening|bind/, 60_000);
    assert.match(second.programText(), /listening/);
    second.process.kill();
    await second.exit;
  });

  it("a program cannot take another program's terminal (pidfd_getfd) and read what the learner types there", async () => {
    const source = [
      '#define _GNU_SOURCE',
      '#include <dirent.h>',
      '#include <errno.h>',
      '#include <stdio.h>',
      '#include <stdlib.h>',
      '#include <string.h>',
      '#include <sys/syscall.h>',
      '#include <unistd.h>',
      'int main(void) {',
      '  DIR *d = opendir("/proc");',
      '  struct dirent *e;',
      '  while ((e = readdir(d))) {',
      '    char path[64], comm[32] = "";',
      '    snprintf(path, sizeof path, "/proc/%s/comm", e->d_name);',
      '    FILE *f = fopen(path, "r");',
      '    if (!f) continue;',
      '    fgets(comm, sizeof comm, f);',
      '    fclose(f);',
      '    if (strcmp(comm, "cat\\n") != 0) continue;',
      '    int pidfd = syscall(434, atoi(e->d_name), 0);',
      '    int fd = pidfd < 0 ? -1 : syscall(438, pidfd, 0, 0);',
      '    printf("getfd: %s\\n", fd >= 0 ? "took it" : strerror(errno));',
      '    return 0;',
      '  }',
      '  printf("no cat\\n");',
      '  return 1;',
      '}',
      '',
    ].join('\n');
    await guest.mount('thief', [{ path: 'thief.c', content: source }]);
    const victim = await spawnWatched(guest, { dir: '', file: '/bin/cat' });
    await sleep(300);
    const thief = await spawnWatched(guest, { dir: 'thief', file: 'thief.c' });
    await thief.exit;
    assert.match(thief.programText(), /^getfd: Operation not permitted\n$/);
    victim.process.writeInput('secret\r');
    await victim.waitFor(/secret\nsecret\n/);
    victim.process.kill();
    await victim.exit;
  });

  it("a program's terminal settings do not outlive it: the next program gets a terminal with its full default settings", async () => {
    // One in each terminal: erase and kill characters, flow control, echo and output processing changed.
    const changers = await Promise.all(
      [1, 2, 3].map(() => sh('stty kill e stop o werase h -echo -icanon; stty -F /proc/self/fd/1 -opost; sleep 0.5')),
    );
    for (const changer of changers) assert.deepEqual(await changer.exit, { code: 0, signal: null }, changer.text());
    const cat = await spawnWatched(guest, { dir: '', file: '/bin/cat' });
    await sleep(300);
    cat.process.writeInput('hello there\r');
    await cat.waitFor(/hello there\n(?:.|\n)*hello there\n/);
    cat.process.closeInput();
    assert.deepEqual(await cat.exit, { code: 0, signal: null });
    const wrote = cat.chunks
      .filter((c) => c.stream === 'stdout')
      .map((c) => c.text)
      .join('');
    assert.equal(wrote, 'hello there\r\n', 'output processing (ONLCR) is on again');
  });

  it("the guest's root is root's: a lab program cannot leave files outside /lab and /tmp", async () => {
    const probe = await output(await sh('stat -c %a /; touch /left-over 2>&1; mkdir /var/tmp/x 2>&1; echo done'));
    assert.match(probe, /^755\n/);
    assert.match(probe, /touch: \/left-over: Permission denied/);
    assert.match(probe, /mkdir: can't create directory '\/var\/tmp\/x': Permission denied/);
  });

  /** A program in another terminal that answers each line it reads: a bystander that must live on. */
  const bystander = async () => {
    const proc = await sh('echo listening; while read line; do echo "still $line"; done');
    await proc.waitFor(/listening/);
    return proc;
  };
  const stillAnswers = async (proc: WatchedProcess, word: string) => {
    proc.process.writeInput(`${word}\n`);
    await proc.waitFor(new RegExp(`still ${word}`));
  };

  it("processes that each stay under RLIMIT_AS but together pass the terminal's memory cap: all are ended and named, another terminal's program lives on", async () => {
    // Each child stays under RLIMIT_AS (64 MiB here); together they pass the terminal's cap (32 MiB).
    const source = [
      '#include <stdio.h>',
      '#include <stdlib.h>',
      '#include <string.h>',
      '#include <unistd.h>',
      'int main(void) {',
      '  printf("forking\\n");',
      '  fflush(stdout);',
      '  for (int i = 0; i < 8; i++)',
      '    if (fork() == 0) {',
      '      char *p = malloc(20 << 20);',
      '      if (p) memset(p, 1, 20 << 20);',
      '      for (;;) pause();',
      '    }',
      '  for (;;) pause();',
      '}',
      '',
    ].join('\n');
    const other = await bystander();
    await guest.mount('hog', [{ path: 'hog.c', content: source }]);
    const hog = await spawnWatched(guest, { dir: 'hog', file: 'hog.c' });
    await awaitOom(
      hog,
      /killed: this terminal's programs reached their memory cap of 32 MiB \(a memory cgroup counts all they hold[^)]*\), and the kernel's OOM killer ended them all; hog \(pid \d+\) held \d+ MiB/,
    );
    assert.equal((await hog.exit).signal, 'SIGKILL', 'the program itself was ended too (memory.oom.group)');
    assert.equal(hog.text().match(/killed:/g)?.length, 1, 'one notice for the whole group');
    await stillAnswers(other, 'here');
    other.process.kill();
    await other.exit;
    assert.deepEqual(await labProcesses(), []);
  });

  it('memory outside RLIMIT_AS (memfds, each under RLIMIT_FSIZE) counts against the cap: the program is ended and named, the guest carries on', async () => {
    const source = [
      '#define _GNU_SOURCE',
      '#include <stdio.h>',
      '#include <string.h>',
      '#include <sys/mman.h>',
      '#include <unistd.h>',
      'int main(void) {',
      '  static char block[512 << 10];',
      '  memset(block, 7, sizeof block);',
      '  printf("hoarding\\n");',
      '  fflush(stdout);',
      '  for (int i = 0; i < 192; i++) {', // 192 memfds of 512 KiB: 96 MiB, none past RLIMIT_FSIZE (1 MiB)
      '    int fd = memfd_create("hoard", 0);',
      '    if (fd < 0 || write(fd, block, sizeof block) != (ssize_t)sizeof block) { perror("memfd"); return 1; }',
      '  }',
      '  printf("held 96 MiB\\n");',
      '  return 0;',
      '}',
      '',
    ].join('\n');
    const other = await bystander();
    await guest.mount('memfd', [{ path: 'hoard.c', content: source }]);
    const hoard = await spawnWatched(guest, { dir: 'memfd', file: 'hoard.c' });
    await awaitOom(hoard, /killed: this terminal's programs reached their memory cap of 32 MiB/);
    assert.equal((await hoard.exit).signal, 'SIGKILL');
    assert.doesNotMatch(hoard.programText(), /held 96 MiB/);
    await stillAnswers(other, 'there');
    other.process.kill();
    await other.exit;
    assert.equal(await output(await sh('echo still here')), 'still here\n');
  });
});
