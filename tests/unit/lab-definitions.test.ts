import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadLab, loadLabs } from '../../plugins/labs/load-labs';
import { parseClientMessage } from '../../runner/client-message';
import { resolveInside } from '../../runner/safe-path';
import { argsWithPort } from '../../src/labs/types';

async function labDir(manifest: unknown, files: Record<string, string> = {}) {
  const root = await mkdtemp(path.join(tmpdir(), 'labs-'));
  await mkdir(path.join(root, 'demo'));
  await writeFile(
    path.join(root, 'demo', 'lab.json'),
    typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
  );
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(root, 'demo', name), content);
  return root;
}

const valid = {
  title: 'Demo',
  summary: 'A demo lab.',
  files: ['server.js'],
  processes: [{ id: 'server', title: 'Server', file: 'server.js' }],
};

describe('lab descriptions', () => {
  it('loads every lab in the repo', async () => {
    const labs = await loadLabs(path.resolve(__dirname, '../../labs'));
    assert.ok(labs.some((l) => l.id === 'close-vs-shutdown'));
    for (const lab of labs) {
      assert.ok(lab.files.length > 0, lab.id);
      for (const p of lab.processes) assert.ok(lab.filePaths.includes(p.file), `${lab.id}: ${p.file}`);
    }
  });

  it('names the file and the problem when a lab is broken', async () => {
    await assert.rejects(loadLab(await labDir('{ not json'), 'demo'), /labs\/demo\/lab.json: cannot read it as JSON/);
    await assert.rejects(
      loadLab(await labDir(valid), 'demo'),
      /lists "server.js", but labs\/demo\/server.js cannot be read/,
    );
    await assert.rejects(
      loadLab(
        await labDir({ ...valid, processes: [{ id: 'server', title: 'S', file: 'other.js' }] }, { 'server.js': '' }),
        'demo',
      ),
      /processes.0.file: "other.js" is not listed in "files"/,
    );
    await assert.rejects(
      loadLab(
        await labDir(
          { ...valid, processes: [{ id: 'server', title: 'S', file: 'server.js', env: { PORT: '1' } }] },
          { 'server.js': '' },
        ),
        'demo',
      ),
      /PORT is chosen by the runtime/,
    );
    await assert.rejects(
      loadLab(
        await labDir(
          { ...valid, processes: [{ id: 'server', title: 'S', file: 'server.js', endOfInput: 'shutdown' }] },
          { 'server.js': '' },
        ),
        'demo',
      ),
      /"endOfInput" needs "stdin": true/,
    );
    await assert.rejects(
      loadLab(await labDir({ ...valid, files: ['../x.js'] }), 'demo'),
      /files.0: must not contain ".."/,
    );
    await assert.rejects(
      loadLab(await labDir({ ...valid, extra: 1 }, { 'server.js': '' }), 'demo'),
      /not a valid lab description/,
    );
    // A check that something never happens needs the moment after which that is certain.
    const survives = { id: 'survives', text: 'The server survives.', absent: { proc: 'server', kind: 'exit' } };
    await assert.rejects(
      loadLab(await labDir({ ...valid, checks: [survives] }, { 'server.js': '' }), 'demo'),
      /checks.0: "absent" needs "after"/,
    );
  });

  it("names the file when a recorded reference is broken or is not this scenario's", async () => {
    const withScenario = { ...valid, scenarios: [{ id: 'run', title: 'Run', input: [], observe: ['Something.'] }] };
    const recorded = async (manifest: object, reference: string) => {
      const root = await labDir(manifest, { 'server.js': '', 'server.c': '' });
      await mkdir(path.join(root, 'demo', 'reference'));
      await writeFile(path.join(root, 'demo', 'reference', 'run.json'), reference);
      return loadLab(root, 'demo');
    };
    const cLab = {
      ...withScenario,
      runtime: 'linux',
      files: ['server.c'],
      processes: [{ id: 'server', title: 'Server', file: 'server.c' }],
    };
    await assert.rejects(
      recorded(withScenario, '{ not json'),
      /labs\/demo\/reference\/run.json: cannot read it as JSON/,
    );
    await assert.rejects(
      recorded(withScenario, 'null'),
      /run.json is not this scenario's reference: run "npm run record-references demo"/,
    );
    await assert.rejects(
      recorded(withScenario, JSON.stringify({ lab: 'demo', scenario: 'other', events: [] })),
      /is not this scenario's reference/,
    );
    // A C lab's native reference has processes, not a Node trace's events.
    await assert.rejects(
      recorded(cLab, JSON.stringify({ lab: 'demo', scenario: 'run', events: [] })),
      /run.json is not this scenario's native reference/,
    );
    const lab = await recorded(withScenario, JSON.stringify({ lab: 'demo', scenario: 'run', events: [] }));
    assert.equal(lab.references.length, 1);
    // Not recorded yet: left out, not an error.
    assert.equal((await loadLab(await labDir(withScenario, { 'server.js': '' }), 'demo')).references.length, 0);
  });

  it('takes the files it does not have from the lab it extends, and reads its solutions', async () => {
    const labs = await loadLabs(path.resolve(__dirname, '../../labs'));
    const survive = labs.find((l) => l.id === 'survive-early-close')!;
    const base = labs.find((l) => l.id === 'close-vs-shutdown')!;
    assert.equal(
      survive.files.find((f) => f.path === 'server.js')!.content,
      base.files.find((f) => f.path === 'server.js')!.content,
    );
    assert.deepEqual(
      survive.solutions.map((f) => f.path),
      ['server.js'],
    );
    assert.match(survive.solutions[0]!.content, /socket\.on\('error'/);
    await assert.rejects(
      loadLab(await labDir({ ...valid, solutions: { 'other.js': 'x.js' } }, { 'server.js': '' }), 'demo'),
      /solutions.other.js: "other.js" is not listed in "files"/,
    );
    await assert.rejects(
      loadLab(await labDir({ ...valid, solutions: { 'server.js': 'missing.js' } }, { 'server.js': '' }), 'demo'),
      /the solution for "server.js", labs\/demo\/missing.js, cannot be read/,
    );
  });

  it("keeps lesson 5's solution the experiment's server plus the error listener, and nothing else", async () => {
    const labs = await loadLabs(path.resolve(__dirname, '../../labs'));
    const server = (id: string) => labs.find((l) => l.id === id)!.files.find((f) => f.path === 'server.js')!.content;
    const solution = labs.find((l) => l.id === 'survive-early-close')!.solutions[0]!.content;
    const code = (src: string) => src.split('\n').filter((line) => !line.trim().startsWith('//'));
    const added = code(solution).filter((line) => !code(server('close-vs-shutdown')).includes(line));
    assert.deepEqual(
      added.map((l) => l.trim()),
      [
        "socket.on('error', (err) => {",
        "log(`the connection failed: ${err.code} (${err.syscall || 'no system call'}); serving the next client`);",
      ],
    );
    const removed = code(server('close-vs-shutdown')).filter((line) => !code(solution).includes(line));
    assert.deepEqual(removed, [], 'the solution drops nothing of the server it fixes');
  });

  it('fills in defaults', async () => {
    const lab = await loadLab(await labDir(valid, { 'server.js': 'x' }), 'demo');
    assert.deepEqual(lab.processes[0], {
      id: 'server',
      title: 'Server',
      file: 'server.js',
      args: [],
      env: {},
      stdin: false,
    });
    assert.equal(lab.runtime, 'node');
    assert.deepEqual(lab.scenarios, []);
  });

  it('reads a C lab: "runtime": "linux", .c files with their arguments; a runtime runs only its own language', async () => {
    const cLab = {
      ...valid,
      runtime: 'linux',
      files: ['server.c'],
      processes: [{ id: 'server', title: 'Server', file: 'server.c', args: ['$PORT', '5000'] }],
    };
    const lab = await loadLab(await labDir(cLab, { 'server.c': 'int main(void) { return 0; }' }), 'demo');
    assert.equal(lab.runtime, 'linux');
    assert.deepEqual(lab.processes[0]!.args, ['$PORT', '5000']);
    assert.deepEqual(argsWithPort(lab.processes[0]!.args, 5001), ['5001', '5000']);
    await assert.rejects(
      loadLab(await labDir({ ...cLab, runtime: 'node' }, { 'server.c': '' }), 'demo'),
      /processes.0.file: "server.c": a Node lab runs .js files/,
    );
    await assert.rejects(
      loadLab(await labDir({ ...valid, runtime: 'linux' }, { 'server.js': '' }), 'demo'),
      /processes.0.file: "server.js": a C lab runs .c files/,
    );
    await assert.rejects(loadLab(await labDir({ ...cLab, runtime: 'windows' }), 'demo'), /runtime/);
  });
});

describe('course files in a lab', () => {
  /** A course checkout in a temporary folder: labs/demo/lab.json and reference/c/<files>. */
  async function course(manifest: unknown, courseFiles: Record<string, string>) {
    const root = await mkdtemp(path.join(tmpdir(), 'course-'));
    await mkdir(path.join(root, 'labs', 'demo'), { recursive: true });
    await mkdir(path.join(root, 'reference', 'c'), { recursive: true });
    await writeFile(path.join(root, 'labs', 'demo', 'lab.json'), JSON.stringify(manifest));
    for (const [name, content] of Object.entries(courseFiles)) {
      await writeFile(path.join(root, 'reference', 'c', name), content);
    }
    return path.join(root, 'labs');
  }
  const cLab = {
    ...valid,
    runtime: 'linux',
    files: [
      { path: 'server.c', from: 'reference/c' },
      { path: 'demo.h', from: 'reference/c' },
    ],
    processes: [{ id: 'server', title: 'Server', file: 'server.c' }],
  };

  it('reads a file named { path, from: "reference/c" } from the course, not from the lab folder', async () => {
    const lab = await loadLab(await course(cLab, { 'server.c': 'int main(void) { return 0; }', 'demo.h': '' }), 'demo');
    assert.deepEqual(lab.filePaths, ['server.c', 'demo.h']);
    assert.equal(lab.files[0]!.content, 'int main(void) { return 0; }');
  });

  it('fails, naming the file, when a course file it names is missing', async () => {
    await assert.rejects(
      loadLab(await course(cLab, { 'server.c': '' }), 'demo'),
      /labs\/demo\/lab.json names the course file reference\/c\/demo.h, which cannot be read/,
    );
  });

  it('takes course files only from the course folders it knows', async () => {
    const elsewhere = { ...cLab, files: [{ path: 'server.c', from: 'runner' }] };
    await assert.rejects(loadLab(await course(elsewhere, { 'server.c': '' }), 'demo'), /files.0/);
  });

  it("keeps no copy of a course program in the repo's C labs: each names it", async () => {
    const labs = (await loadLabs(path.resolve(__dirname, '../../labs'))).filter((l) => l.runtime === 'linux');
    assert.ok(labs.length > 0);
    for (const lab of labs) {
      for (const file of lab.filePaths) {
        const copy = await readFile(path.join(__dirname, '../../labs', lab.id, file), 'utf8').catch(() => null);
        assert.equal(copy, null, `labs/${lab.id}/${file} is a copy: name it with "from": "reference/c" instead`);
      }
    }
  });
});

describe('runner input checks', () => {
  it('keeps paths inside the session folder', () => {
    assert.equal(resolveInside('/tmp/s', 'lab/server.js'), '/tmp/s/lab/server.js');
    for (const bad of ['', '..', '../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\b', 'a\0b']) {
      assert.throws(() => resolveInside('/tmp/s', bad), /leaves|not allowed|non-empty/, bad);
    }
  });

  it('accepts only the messages of the protocol', () => {
    assert.equal(parseClientMessage('{"type":"request","id":1,"op":"reservePort"}').ok, true);
    assert.equal(parseClientMessage('{"type":"kill","pid":3}').ok, true);
    const bad = [
      'nope',
      '{}',
      '{"type":"request","id":1,"op":"exec","cmd":"rm -rf /"}',
      '{"type":"request","id":1,"op":"spawn","dir":"lab","file":"a.js","env":{"lower":"x"}}',
    ];
    for (const raw of bad) assert.equal(parseClientMessage(raw).ok, false, raw);
  });

  it("takes a program's arguments only as a short list of strings without NUL", () => {
    const spawn = (args: unknown) =>
      parseClientMessage(
        JSON.stringify({ type: 'request', id: 1, op: 'spawn', dir: 'lab', file: 'a.js', env: {}, args }),
      );
    assert.equal(spawn(['4321', '--inspect', '']).ok, true);
    const refused = (args: unknown, why: RegExp) => {
      const parsed = spawn(args);
      assert.equal(parsed.ok, false, JSON.stringify(args).slice(0, 80));
      if (!parsed.ok) assert.match(parsed.error, why);
    };
    refused('4321', /does not accept that message/);
    refused([4321], /does not accept that message/);
    refused(['a\0b'], /NUL/);
    refused(['x'.repeat(1025)], /at most 1024 characters/);
    refused(
      Array.from({ length: 33 }, () => 'a'),
      /does not accept that message/,
    );
  });
});
