import '../support/dom';
import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { cleanup, render, screen } from '@testing-library/react';
import { labSummary } from '../../plugins/labs/lab-summary';
import { loadLab } from '../../plugins/labs/load-labs';
import { LabGuide } from '../../src/components/Lab/LabGuide';

afterEach(cleanup);

const labsDir = path.resolve(__dirname, '../../labs');

/** The guide's "Processes:" line for a lab as the site ships it. */
async function processesLine(labId: string): Promise<string> {
  render(<LabGuide summary={labSummary(await loadLab(labsDir, labId))} />);
  const line = screen.getByText(/^Processes:/, { selector: 'p' }).textContent ?? '';
  cleanup();
  return line;
}

describe('the lab guide', () => {
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
});
