import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadLabs } from '../../plugins/labs/load-labs';
import { playScenario } from '../../scripts/references/play-scenario';
import { readReference, referencePath } from '../../scripts/references/references';
import { compareWithReference } from '../../src/labs/reference/compare';
import { stepsOf } from '../../src/labs/reference/run-verdict';
import type { Lab } from '../../src/labs/types';

const labsDir = path.resolve(__dirname, '../../labs');
const onLinux = process.platform === 'linux';
const labs = loadLabs(labsDir);

/**
 * Lab and scenario ids, read at once: node:test needs the tests declared before anything awaits.
 * Node labs only: a C lab's reference is a native run, played in v86 by c-labs.test.ts.
 */
function scenarioIds(): [string, string][] {
  return readdirSync(labsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(labsDir, entry.name, 'lab.json')))
    .flatMap((entry) => {
      const manifest = JSON.parse(readFileSync(path.join(labsDir, entry.name, 'lab.json'), 'utf8')) as {
        runtime?: string;
        scenarios?: { id: string }[];
      };
      if (manifest.runtime === 'linux') return [];
      return (manifest.scenarios ?? []).map((s): [string, string] => [entry.name, s.id]);
    });
}

describe('every lab scenario still behaves as its real-Linux reference', { concurrency: 4 }, () => {
  for (const [labId, scenarioId] of scenarioIds()) {
    it(`${labId} / ${scenarioId}`, { skip: !onLinux && 'the references are what Linux does' }, async () => {
      const lab = (await labs).find((l) => l.id === labId)!;
      const scenario = lab.scenarios.find((s) => s.id === scenarioId)!;
      const file = referencePath(labsDir, lab.id, scenario.id);
      assert.ok(
        existsSync(file),
        `${path.relative(process.cwd(), file)} is missing: run "npm run record-references ${lab.id}"`,
      );
      const reference = await readReference(labsDir, lab.id, scenario.id);
      assert.deepEqual(
        reference.steps,
        stepsOf(scenario),
        `the scenario's steps changed since its reference was recorded: run "npm run record-references ${lab.id}"`,
      );
      const comparison = compareWithReference(reference.events, await playScenario(lab, scenario));
      assert.deepEqual(
        comparison,
        { state: 'matches' },
        `${lab.id}/${scenario.id} no longer does what its reference says. If the change is intended, ` +
          `run "npm run record-references ${lab.id}" and commit the new reference.`,
      );
    });
  }
});

describe('the reference check notices a change of behaviour', () => {
  it('a client that calls destroy() where the lab calls resetAndDestroy() differs from the reference', async () => {
    const lab = (await labs).find((l) => l.id === 'end-destroy-reset')!;
    const changed: Lab = {
      ...lab,
      files: lab.files.map((f) =>
        f.path === 'client.js'
          ? { ...f, content: f.content.replace("reset: 'resetAndDestroy'", "reset: 'destroy'") }
          : f,
      ),
    };
    assert.notDeepEqual(changed.files, lab.files);
    const reference = await readReference(labsDir, lab.id, 'three-ways');
    const comparison = compareWithReference(reference.events, await playScenario(changed, lab.scenarios[0]!));
    assert.ok(comparison.state === 'differs', `expected a difference, got ${JSON.stringify(comparison)}`);
    assert.match(comparison.stream, /^(client|server), socket 3, (sent|received)$/);
  });
});
