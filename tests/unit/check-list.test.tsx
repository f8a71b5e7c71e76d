import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanup, render, screen } from '@testing-library/react';
import { CheckList, type JudgedCheck } from '../../src/components/Lab/timeline/Checks';
import { closeVsShutdown } from '../support/close-vs-shutdown-lab';

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
});

const fails: Omit<JudgedCheck, 'met'> = {
  id: 'second-write-fails',
  text: 'The second write fails.',
  scenario: 'close',
};
const replies: Omit<JudgedCheck, 'met'> = { id: 'both-replies', text: 'Both replies arrive.', scenario: 'shutdown' };
const label = (text: string) =>
  screen.getByRole('listitem', { name: new RegExp(`^${text}`) }).getAttribute('aria-label');

describe('the checks on a run', () => {
  it('keeps a check met in an earlier run as met there, not "not yet", while the next run is judged', () => {
    const view = render(
      <CheckList
        summary={closeVsShutdown}
        runNumber={1}
        checks={[
          { ...fails, met: true },
          { ...replies, met: false },
        ]}
      />,
    );
    assert.equal(label('The second write fails'), 'The second write fails. Met.');
    assert.equal(label('Both replies arrive'), 'Both replies arrive. Not yet.');

    // The shutdown run: the close run's check is no longer met by this run.
    view.rerender(
      <CheckList
        summary={closeVsShutdown}
        runNumber={2}
        checks={[
          { ...fails, met: false },
          { ...replies, met: true },
        ]}
      />,
    );
    assert.equal(label('The second write fails'), 'The second write fails. Met in an earlier run.');
    assert.equal(label('Both replies arrive'), 'Both replies arrive. Met.');
    assert.equal(
      screen.getByRole('status', { name: 'Checks met' }).textContent,
      'Checks met: 1 of 2: Both replies arrive.',
    );
  });

  it('says "not yet" for a check met earlier in the same run that the run no longer shows', () => {
    const view = render(<CheckList summary={closeVsShutdown} runNumber={3} checks={[{ ...fails, met: true }]} />);
    view.rerender(<CheckList summary={closeVsShutdown} runNumber={3} checks={[{ ...fails, met: false }]} />);
    assert.equal(label('The second write fails'), 'The second write fails. Not yet.');
  });

  it('still says "met in an earlier run" after a reload, when run numbers start again at 1', () => {
    const before = render(<CheckList summary={closeVsShutdown} runNumber={1} checks={[{ ...fails, met: true }]} />);
    before.unmount();
    render(<CheckList summary={closeVsShutdown} runNumber={1} checks={[{ ...fails, met: false }]} />);
    assert.equal(label('The second write fails'), 'The second write fails. Met in an earlier run.');
  });

  it('starts afresh when the saved record is broken', () => {
    window.sessionStorage.setItem(`lab-checks-met:${closeVsShutdown.id}`, '[not json');
    render(<CheckList summary={closeVsShutdown} runNumber={1} checks={[{ ...fails, met: false }]} />);
    assert.equal(label('The second write fails'), 'The second write fails. Not yet.');
  });
});
