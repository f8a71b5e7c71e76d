import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDirectoryTree, WebContainerRuntime } from '../../src/runtimes/webcontainer/webcontainer-runtime';
import { FakeWebContainer } from '../support/fake-webcontainer';
import { collect } from '../support/runner-client';

describe('WebContainerRuntime', () => {
  it('mounts lab files (nested too) under the lab folder, replacing old ones', async () => {
    const wc = new FakeWebContainer();
    const rt = new WebContainerRuntime(wc);
    await rt.mount('lab', [{ path: 'old.js', content: 'x' }]);
    await rt.mount('lab', [
      { path: 'server.js', content: 'a' },
      { path: 'lib/util.js', content: 'b' },
    ]);
    assert.deepEqual(Object.fromEntries(wc.files), { 'lab/server.js': 'a', 'lab/lib/util.js': 'b' });
    assert.deepEqual(toDirectoryTree([{ path: 'a/b/c.js', content: 'z' }]), {
      a: { directory: { b: { directory: { 'c.js': { file: { contents: 'z' } } } } } },
    });
  });

  it('spawns node in the lab folder with the environment, streams output, feeds input', async () => {
    const wc = new FakeWebContainer();
    const rt = new WebContainerRuntime(wc);
    const proc = await rt.spawn({ dir: 'lab', file: 'client.js', env: { PORT: '4321' } });
    const fake = wc.processes[0]!;
    assert.equal(fake.command, 'node');
    assert.deepEqual(fake.args, ['client.js']);
    assert.deepEqual(fake.options, { cwd: 'lab', env: { PORT: '4321' } });
    proc.writeInput('data1\n');
    proc.closeInput();
    fake.print('client: connected\n');
    fake.end(0);
    const result = await collect(proc);
    assert.equal(result.stdout, 'client: connected\n');
    assert.deepEqual(result.exit, { code: 0, signal: null });
    assert.deepEqual(fake.received, ['data1\n']);
    assert.equal(fake.inputClosed, true);
  });

  it('loads the trace module into a traced process and takes its events out of the output', async () => {
    const wc = new FakeWebContainer();
    const rt = new WebContainerRuntime(wc, async () => '// trace module');
    const proc = await rt.spawn({ dir: 'lab', file: 'server.js', env: { PORT: '4321' }, trace: 'server' });
    const fake = wc.processes[0]!;
    assert.equal(wc.files.get('.lab-trace/trace.cjs'), '// trace module');
    assert.deepEqual(fake.args, ['--require', '../.lab-trace/trace.cjs', 'server.js']);
    const marker = String(fake.options.env?.['LAB_TRACE_MARKER']);
    assert.ok(marker.length >= 16, 'a marker nobody prints by chance');
    assert.equal(fake.options.env?.['LAB_TRACE_NAME'], 'server');
    fake.print(`server: listening\n${marker}{"t":1,"proc":"server","socket":0,"kind":"listen"}\n`);
    fake.end(0);
    const result = await collect(proc);
    assert.equal(result.stdout, 'server: listening\n');
    assert.deepEqual(result.trace, ['{"t":1,"proc":"server","socket":0,"kind":"listen"}']);
    await rt.spawn({ dir: 'lab', file: 'client.js', env: {}, trace: 'client' });
    assert.notEqual(wc.processes[1]!.options.env?.['LAB_TRACE_MARKER'], marker, 'a new marker per process');
  });

  it('gives each lab its own port and kills what is running on dispose', async () => {
    const wc = new FakeWebContainer();
    const rt = new WebContainerRuntime(wc);
    assert.notEqual(await rt.reservePort(), await rt.reservePort());
    await rt.spawn({ dir: 'lab', file: 'server.js', env: {} });
    rt.dispose();
    assert.equal(wc.processes[0]!.killed, true);
  });
});
