// Records the real-Linux reference of every lab scenario: `npm run record-references [lab-id…]`.
// Each scenario is played with real Node, as the local runner runs it, and its socket events
// are written to labs/<lab>/reference/<scenario>.json. `npm test` replays them and fails when a
// lab no longer behaves as its reference says.
import { mkdir, writeFile } from 'node:fs/promises';
import { platform } from 'node:os';
import path from 'node:path';
import { loadLabs } from '../plugins/labs/load-labs';
import { compareWithReference } from '../src/labs/reference/compare';
import { recordReference, referencePath } from './references/references';

const labsDir = path.resolve(__dirname, '../labs');

async function main(): Promise<void> {
  if (platform() !== 'linux') {
    console.error(`record-references: the references are what real Linux does; this machine runs ${platform()}.`);
    process.exit(1);
  }
  const only = process.argv.slice(2);
  const labs = (await loadLabs(labsDir)).filter((lab) => only.length === 0 || only.includes(lab.id));
  for (const lab of labs) {
    for (const scenario of lab.scenarios) {
      // Recorded twice: a scenario whose two runs differ is timing-dependent and no reference.
      const [first, second] = [await recordReference(lab, scenario), await recordReference(lab, scenario)];
      const comparison = compareWithReference(first.events, second.events);
      if (comparison.state !== 'matches') {
        throw new Error(
          `${lab.id}/${scenario.id} gave two different runs: ${JSON.stringify(comparison)}. ` +
            'Make the scenario deterministic (add "until", or fix the programs) before recording it.',
        );
      }
      const file = referencePath(labsDir, lab.id, scenario.id);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(first, null, 2)}\n`);
      console.log(`recorded ${path.relative(process.cwd(), file)}: ${first.events.length} events`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(`record-references: ${(err as Error).message}`);
  process.exit(1);
});
