import '../support/dom';
import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { act, cleanup, render, screen } from '@testing-library/react';
import { labSummary } from '../../plugins/labs/lab-summary';
import { loadLab } from '../../plugins/labs/load-labs';
import { LabGuide } from '../../src/components/Lab/LabGuide';
import { forgetRevealedScenarios, revealScenarios } from '../../src/components/Lab/reveal/revealed-scenarios';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  forgetRevealedScenarios();
});

const labsDir = path.resolve(__dirname, '../../labs');

/** The guide's "Processes:" line for a lab as the site ships it. */
async function processesLine(labId: string): Promise<string> {
  render(<LabGuide summary={labSummary(await loadLab(labsDir, labId))} />);
  const line = screen.getByText(/^Processes:/, { selector: 'p' }).textContent ?? '';
  cleanup();
  return line;
}

/** A scenario's steps as the guide lists them. */
async function guideSteps(labId: string, scenarioTitle: string): Promise<string[]> {
  render(<LabGuide summary={labSummary(await loadLab(labsDir, labId))} />);
  const scenario = screen.getByText(scenarioTitle, { selector: 'summary' }).parentElement!;
  const steps = Array.from(scenario.querySelectorAll(':scope > ol > li'), (li) => li.textContent ?? '');
  cleanup();
  return steps;
}

describe('the lab guide', () => {
  it('names each process to start as its panel does: "Start the After FIN process", not "Start the after fin"', async () => {
    assert.deepEqual(await guideSteps('c-sigpipe-any-epipe', 'The three cases'), [
      'Start the Own shutdown process.',
      'Start the No signal process.',
      'Start the After FIN process.',
    ]);
    assert.deepEqual(await guideSteps('c-sigpipe-dispositions', 'Default action'), ['Start the Default process.']);
    assert.deepEqual(await guideSteps('restart-after-close', 'Restart at once'), [
      'Start the Server process.',
      'Start the Client process.',
      'In the client terminal, type ada and press Enter.',
      'Start the Server process again, at once.',
      'In the client terminal, type bob and press Enter.',
    ]);
  });

  it('says how a Node lab runs its programs', async () => {
    assert.equal(
      await processesLine('close-vs-shutdown'),
      'Processes: Server (node server.js), Client (node client.js).',
    );
  });

  it('says a C lab compiles its programs in the guest and runs the binaries, never with node', async () => {
    const line = await processesLine('c-close-vs-shutdown');
    assert.doesNotMatch(line, /node /);
    assert.match(
      line,
      /^Processes: Server \(delayed-echo-server\.c, compiled in the guest with tcc and run as \.\/delayed-echo-server \$PORT 5000 default\)/,
    );
  });
  it("folds each scenario's outcome (what to look for) until the lab reveals that scenario", async () => {
    const summary = labSummary(await loadLab(labsDir, 'close-vs-shutdown'));
    const outcome = /the second fails with EPIPE/;
    render(<LabGuide summary={summary} />);
    const lookFor = (title: string) =>
      screen.getByText(title, { selector: 'summary' }).parentElement!.querySelector(':scope > details')!;
    assert.equal(lookFor('Close run').hasAttribute('open'), false);
    // The close run done to its last step (or "Show what real Linux does"): its outcome opens.
    act(() => revealScenarios(summary.id, ['close']));
    assert.equal(lookFor('Close run').hasAttribute('open'), true);
    assert.match(lookFor('Close run').querySelector('summary')!.textContent ?? '', /^What to look for$/);
    assert.match(lookFor('Close run').textContent ?? '', outcome);
    assert.equal(lookFor('Shutdown run').hasAttribute('open'), false, 'the other run stays folded');
  });
});
