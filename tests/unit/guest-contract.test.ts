import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { commands, type GuestLimits } from '../../src/runtimes/linux/guest-protocol';
import { defaultGuestLimits, guestDiskBytes } from '../../src/runtimes/linux/linux-runtime';

/**
 * The guest's contract is written by hand in four places: the agent's C (what it dispatches and
 * says), the page's TypeScript (what it sends and parses), the image's init (the disks) and the
 * runtime's README (the protocol's table). This test reads all of them and fails, naming the
 * difference, when they disagree: a verb, its number of tokens, a reply, a default limit, a disk.
 */
const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const agentDir = 'scripts/linux-image/guest/agent';
/** The agent's front door (its header comment is the protocol) and then each of its rooms. */
const agentMain = read(`${agentDir}/agent.c`);
const agent = [
  agentMain,
  ...readdirSync(path.join(root, agentDir))
    .filter((f) => /\.[ch]$/.test(f) && f !== 'agent.c')
    .sort()
    .map((f) => read(`${agentDir}/${f}`)),
].join('\n');
const protocol = read('src/runtimes/linux/guest-protocol.ts');
const readme = read('src/runtimes/linux/README.md');
const init = read('scripts/linux-image/guest/init');
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The verbs agent.c dispatches, each with the token counts it accepts (empty: any). */
function agentVerbs(): Map<string, number[]> {
  const verbs = new Map<string, number[]>();
  for (const [, verb, n] of agent.matchAll(/strcmp\(tok\[0\], "(\w+)"\)(?: && n == (\d+))?/g)) {
    const counts = verbs.get(verb!) ?? [];
    if (n) counts.push(Number(n));
    verbs.set(verb!, counts);
  }
  return verbs;
}

/** The agent's header comment, up to its first `#`. */
const agentHeader = agentMain.slice(0, agentMain.indexOf('\n#'));
/** The README's protocol tables: rows whose first cell starts with a verb and REQ, or with "@". */
const readmeRows = readme.split('\n').filter((line) => /^\| `(\w+ REQ|@)/.test(line));

const tokens = (line: string) => line.trimEnd().split(' ').length;
const limits: GuestLimits = { processes: 1, fileBytes: 2, cpuSeconds: 3, memoryBytes: 4, terminalMemoryBytes: 5 };

describe('the guest contract: agent.c, guest-protocol.ts, init and the README agree', () => {
  it('the page sends exactly the verbs the agent dispatches, in the number of tokens it accepts', () => {
    const verbs = agentVerbs();
    assert.deepEqual(sorted(Object.keys(commands)), sorted(verbs.keys()));
    const lines: Record<string, string[]> = {
      hello: [commands.hello(1)],
      put: [commands.put(1, '/lab/a.c', 0, new Uint8Array([1])), commands.put(1, '/lab/a.c', 0, new Uint8Array())],
      limits: [commands.limits(1, limits)],
      input: [commands.input(1, 1, new Uint8Array([65]))],
      signal: [commands.signal(1, 2, 9)],
      watch: [commands.watch(1, 20)],
      fault: [commands.fault(1, 100, 0)],
      aim: [commands.aim(1, { kind: 'last-ack', count: 1 }), commands.aim(1, null)],
    };
    for (const [verb, counts] of verbs) {
      if (counts.length === 0) continue; // any number of tokens (argv, flags)
      assert.ok(lines[verb], `a sample of "${verb}" for this test`);
      assert.deepEqual(sorted(lines[verb]!.map((l) => String(tokens(l)))), sorted(counts.map(String)), verb);
    }
  });

  it("every verb is in the agent's header comment and in the README's table", () => {
    const verbs = sorted(agentVerbs().keys());
    assert.deepEqual(
      sorted([...agentHeader.matchAll(/^ \* {3}(\w+) REQ/gm)].map((m) => m[1]!)),
      verbs,
      'agent.c header',
    );
    assert.deepEqual(
      sorted(readmeRows.flatMap((row) => [...row.matchAll(/`(\w+) REQ/g)].map((m) => m[1]!))),
      verbs,
      'README',
    );
  });

  it('the page parses exactly the replies the agent says, and both documents list them', () => {
    const said = sorted([...agent.matchAll(/"@(\w+)[ \n"%]/g)].map((m) => m[1]!));
    const parsed = sorted([...protocol.matchAll(/case '(\w+)':/g)].map((m) => m[1]!));
    assert.deepEqual(parsed, said, 'guest-protocol.ts parses what agent.c says');
    assert.deepEqual(sorted([...agentHeader.matchAll(/@(\w+)/g)].map((m) => m[1]!)), said, 'agent.c header');
    assert.deepEqual(
      sorted(readmeRows.flatMap((row) => [...row.matchAll(/`@(\w+)/g)].map((m) => m[1]!))),
      said,
      'README',
    );
  });

  it("the agent's default limits are the page's", () => {
    const [, list] = agent.match(/ limits = \{([^}]*)\};/) ?? [];
    assert.ok(list, 'the limits initializer in agent.c');
    const values = list.split(',').map((v) => {
      const [, n, shift] = v.trim().match(/^(\d+)L?(?: << (\d+))?$/) ?? [];
      return Number(n) * 2 ** Number(shift ?? 0);
    });
    const page = defaultGuestLimits;
    assert.deepEqual(values, [
      page.processes,
      page.fileBytes,
      page.cpuSeconds,
      page.memoryBytes,
      page.terminalMemoryBytes,
    ]);
  });

  it("the disks' sizes the page states are the ones init mounts", () => {
    for (const [mountPoint, bytes] of Object.entries(guestDiskBytes)) {
      const line = init
        .split('\n')
        .find((l) => l.startsWith('mount -t tmpfs') && l.trimEnd().endsWith(` ${mountPoint}`));
      assert.ok(line, `init mounts ${mountPoint}`);
      const [, size] = line.match(/size=(\d+)m\b/) ?? [];
      assert.equal(Number(size) * 1024 * 1024, bytes, mountPoint);
    }
  });
});
