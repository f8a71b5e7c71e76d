import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadLabs } from '../../plugins/labs/load-labs';

const root = path.resolve(__dirname, '../..');

describe("the lessons' predictions", () => {
  it('each names a lab that exists and, where it waits for a scenario, one of that lab’s scenarios', async () => {
    const labs = new Map((await loadLabs(path.join(root, 'labs'))).map((lab) => [lab.id, lab]));
    const lessons = (await readdir(path.join(root, 'docs'))).filter((name) => name.endsWith('.mdx'));
    let waiting = 0;
    for (const lesson of lessons) {
      const text = await readFile(path.join(root, 'docs', lesson), 'utf8');
      for (const [tag] of text.matchAll(/<Prediction\b[^>]*?question=/gs)) {
        const labId = /\blabId="([^"]+)"/.exec(tag)?.[1];
        const scenario = /\bscenario="([^"]+)"/.exec(tag)?.[1];
        if (!labId) continue;
        const lab = labs.get(labId);
        assert.ok(lab, `${lesson}: <Prediction labId="${labId}">: no such lab`);
        if (scenario === undefined) continue;
        waiting++;
        assert.ok(
          lab.scenarios.some((s) => s.id === scenario),
          `${lesson}: <Prediction scenario="${scenario}"> is not a scenario of ${labId}`,
        );
      }
    }
    // Predictions about one run wait for that run (a Start alone would give the answer away).
    assert.ok(waiting >= 12, `only ${waiting} predictions wait for their scenario`);
  });
});
