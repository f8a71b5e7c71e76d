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

  it('gives each lab its own port and kills what is running on dispose', async () => {
    const wc = new FakeWebContainer();
    const rt = new WebContainerRuntime(wc);
    assert.notEqual(await rt.reservePort(), await rt.reservePort());
    await rt.spawn({ dir: 'lab', file: 'server.js', env: {} });
    rt.dispose();
    assert.equal(wc.processes[0]!.killed, true);
  });
});
