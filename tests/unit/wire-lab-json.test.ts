import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { labSummary } from '../../plugins/labs/lab-summary';
import { loadLab, loadLabs } from '../../plugins/labs/load-labs';

/** lab.json's "wirePredictions": checked when the lab is read, carried in the lesson's lab summary. */
async function labDir(manifest: unknown) {
  const root = await mkdtemp(path.join(tmpdir(), 'wire-labs-'));
  await mkdir(path.join(root, 'demo'));
  await writeFile(path.join(root, 'demo', 'lab.json'), JSON.stringify(manifest));
  await writeFile(path.join(root, 'demo', 'a.c'), 'int main(void) { return 0; }\n');
  return root;
}

const cLab = (wirePredictions: unknown, runtime = 'linux') => ({
  title: 'Demo',
  summary: 'A demo lab.',
  runtime,
  files: ['a.c'],
  processes: [
    { id: 'server', title: 'Server', file: runtime === 'linux' ? 'a.c' : 'a.js' },
    { id: 'client', title: 'Client', file: 'a.c', stdin: true },
  ],
  scenarios: [{ id: 'close', title: 'Close run', input: ['data', 'close'], observe: ['An RST.'] }],
  wirePredictions,
});
const sides = { client: 'client', server: 'server' };

describe('lab.json: wirePredictions', () => {
  it('reads one: the connection is the first unless named, and the lesson page carries it', async () => {
    const lab = await loadLab(await labDir(cLab([{ scenario: 'close', fromInput: 2, sides }])), 'demo');
    assert.deepEqual(lab.wirePredictions, [{ scenario: 'close', fromInput: 2, connection: 1, sides }]);
    assert.deepEqual(labSummary(lab).wirePredictions, lab.wirePredictions);
    const without = await loadLab(await labDir(cLab(undefined)), 'demo');
    assert.equal('wirePredictions' in labSummary(without), false, 'a lab without them carries nothing more');
  });

  it('names the problem: no such scenario, no such step, two of the same, a Node lab, sides, unknown fields', async () => {
    const fails = async (wire: unknown, message: RegExp, runtime = 'linux') =>
      assert.rejects(loadLab(await labDir(cLab(wire, runtime)), 'demo'), message);
    await fails([{ scenario: 'shutdown', sides }], /wirePredictions\.0\.scenario: there is no scenario "shutdown"/);
    await fails(
      [{ scenario: 'close', fromInput: 3, sides }],
      /wirePredictions\.0\.fromInput: scenario "close" has 2 input step\(s\), not 3/,
    );
    await fails([{ scenario: 'close', fromInput: 0, sides }], /wirePredictions\.0\.fromInput/);
    await fails(
      [
        { scenario: 'close', sides },
        { scenario: 'close', connection: 1, fromInput: 1, sides },
      ],
      /wirePredictions\.1: a second prediction of scenario "close", connection 1/,
    );
    await fails([{ scenario: 'close', sides }], /only a C lab \("runtime": "linux"\) shows the kernel/, 'node');
    await fails([{ scenario: 'close', sides: { client: 'x', server: 'x' } }], /the two sides need different names/);
    await fails([{ scenario: 'close', sides, answer: ['FIN'] }], /Unrecognized key/);
  });

  it("the five labs whose point is on the wire each have one, whose window is in their scenario's steps", async () => {
    const labs = await loadLabs(path.resolve(__dirname, '../../labs'));
    for (const id of ['c-half-close', 'c-close-unread-rst', 'c-shut-rd', 'c-close-vs-shutdown', 'c-linger-zero']) {
      const lab = labs.find((l) => l.id === id);
      assert.ok(lab?.wirePredictions?.length, `${id} has a prediction of the wire`);
    }
  });
});
