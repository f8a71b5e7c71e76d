import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadLabs } from '../../plugins/labs/load-labs';
import { readCReference } from '../../scripts/references/c-references';
import { playCScenario } from '../../scripts/references/play-c-scenario';
import { connectionViews } from '../../src/components/KernelView/connections';
import { isCCheckMet } from '../../src/labs/c-run/c-checks';
import { firstCDifference } from '../../src/labs/reference/native-c-reference';
import type { Lab } from '../../src/labs/types';
import type { KernelEvent } from '../../src/runtimes/linux/kernel-events';
import type { LinuxRuntime } from '../../src/runtimes/linux/linux-runtime';
import { cSourceDir } from '../support/c-programs';
import { GuestCHost } from '../support/guest-c-host';
import { startLinuxRuntime } from '../support/linux-guest';

/**
 * The C labs ("runtime": "linux"): every scenario played on Linux in v86 (the committed saved
 * state, under Node), as the lab page runs it, gives the lines and the ends of the stored native
 * reference (recorded with the host's compiler and kernel by `npm run record-references`). The
 * lab's C files are the course's reference programs (lab.json names them, "from": "reference/c"),
 * which tests/scenarios/c-programs.test.ts runs natively: a change to them fails here until the
 * reference is recorded again.
 */
const labsDir = path.resolve(__dirname, '../../labs');

let labs: Lab[] = [];
let runtime: LinuxRuntime;
before(async () => {
  labs = (await loadLabs(labsDir)).filter((lab) => lab.runtime === 'linux');
  runtime = await startLinuxRuntime();
});
after(() => runtime?.dispose());

describe('C labs', () => {
  it('there is at least one, and its C files are the course programs of reference/c', async () => {
    assert.ok(labs.length > 0);
    for (const lab of labs) {
      for (const file of lab.files) {
        const original = await readFile(path.join(cSourceDir, file.path), 'utf8').catch(() => null);
        assert.ok(original !== null, `${lab.id}/${file.path} has no counterpart in reference/c`);
        assert.equal(file.content, original, `${lab.id}/${file.path} is not reference/c/${file.path}`);
      }
    }
  });

  it("every scenario on Linux in v86 matches its native reference, and meets its checks (and not the other scenarios')", async () => {
    for (const lab of labs) {
      for (const scenario of lab.scenarios) {
        const reference = await readCReference(labsDir, lab.id, scenario.id);
        const began = Date.now();
        const kernel: KernelEvent[] = [];
        const off = runtime.onKernelEvent((event) => kernel.push(event));
        let guest: Awaited<ReturnType<typeof playCScenario>>;
        try {
          guest = await playCScenario(new GuestCHost(runtime), lab, scenario);
        } finally {
          off();
        }
        console.log(`# ${lab.id}/${scenario.id} in v86: ${Date.now() - began} ms`);
        assert.equal(
          firstCDifference(reference.processes, guest),
          null,
          `${lab.id}/${scenario.id} in v86:\n${JSON.stringify(guest, null, 2)}`,
        );
        const run = { processes: guest, kernel };
        const checks = lab.cChecks ?? [];
        for (const check of checks.filter((c) => c.scenario === undefined || c.scenario === scenario.id)) {
          assert.ok(
            isCCheckMet(check, run),
            `${lab.id}/${scenario.id}: the check "${check.text}" is not met in v86:\n${JSON.stringify(guest, null, 2)}\n${connectionViews(
              kernel,
            )
              .flatMap((c) => c.entries.map((e) => e.text))
              .join('\n')}`,
          );
        }
        const others = checks.filter((c) => c.scenario !== undefined && c.scenario !== scenario.id);
        if (others.length > 0) {
          assert.ok(
            others.some((check) => !isCCheckMet(check, run)),
            `${lab.id}/${scenario.id}: the other scenarios' checks are all met as well: they tell nothing apart`,
          );
        }
      }
    }
  });

  it('every C lab has checks', () => {
    for (const lab of labs) {
      assert.ok((lab.cChecks ?? []).length > 0, `${lab.id} has no checks`);
    }
  });
});
