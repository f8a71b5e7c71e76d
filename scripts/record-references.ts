// Records the real-Linux reference of every lab scenario: `npm run record-references [lab-id…]`.
// Each scenario is played with real Node, as the local runner runs it, and its socket events
// are written to labs/<lab>/reference/<scenario>.json. A C lab ("runtime": "linux") is built with
// the host's C compiler and run on the host's kernel; its programs' lines and ends are written. `npm test` replays them and fails when a
// lab no longer behaves as its reference says.
import { mkdir, writeFile } from 'node:fs/promises';
import { platform } from 'node:os';
import path from 'node:path';
import { loadLabs } from '../plugins/labs/load-labs';
import { compareWithReference } from '../src/labs/reference/compare';
import { firstCDifference } from '../src/labs/reference/native-c-reference';
import type { Lab } from '../src/labs/types';
import { recordCReference } from './references/c-references';
import { findHostCompiler } from './references/native-c-host';
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
    if (lab.runtime === 'linux') {
      await recordCLab(lab);
      continue;
    }
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

/** A C lab's scenarios, each run natively twice; stored when both runs agree. */
async function recordCLab(lab: Lab): Promise<void> {
  const cc = findHostCompiler();
  if (!cc) throw new Error(`${lab.id} is a C lab: install a C compiler (on Debian: apt-get install gcc)`);
  for (const scenario of lab.scenarios) {
    const [first, second] = [await recordCReference(cc, lab, scenario), await recordCReference(cc, lab, scenario)];
    const difference = firstCDifference(first.processes, second.processes);
    if (difference) {
      throw new Error(`${lab.id}/${scenario.id} gave two different runs (${difference}): make it deterministic first.`);
    }
    const file = referencePath(labsDir, lab.id, scenario.id);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(first, null, 2)}\n`);
    console.log(`recorded ${path.relative(process.cwd(), file)}: native ${first.recordedWith.compiler}`);
  }
}

main().catch((err: unknown) => {
  console.error(`record-references: ${(err as Error).message}`);
  process.exit(1);
});
