import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { forgetRevealedScenarios, revealScenarios } from '../../src/components/Lab/reveal/revealed-scenarios';
import { CheckList, type JudgedCheck } from '../../src/components/Lab/timeline/Checks';
import { closeVsShutdown } from '../support/close-vs-shutdown-lab';

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
  window.localStorage.clear();
  forgetRevealedScenarios();
});

const fails: Omit<JudgedCheck, 'met'> = {
  id: 'second-write-fails',
  text: 'The second write fails.',
  scenario: 'close',
};
const replies: Omit<JudgedCheck, 'met'> = { id: 'both-replies', text: 'Both replies arrive.', scenario: 'shutdown' };
const label = (text: string) =>
  screen.getByRole('listitem', { name: new RegExp(`^${text}`) }).getAttribute('aria-label');
const listed = (text: string) => screen.queryByRole('listitem', { name: new RegExp(`^${text}`) }) !== null;
const checksText = () => screen.getByRole('region', { name: 'Checks' }).textContent ?? '';

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
    // The shutdown run's check says what Linux does there: folded until that run (predict first).
    assert.equal(listed('Both replies arrive'), false);
    assert.match(checksText(), /1 more check, folded until your run shows it/);

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
      'Checks met by this run: 1 of 2: Both replies arrive. Met in an earlier run: 1.',
    );
  });

  it('says "not yet" for a check met earlier in the same run that the run no longer shows (it stays shown)', () => {
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
    revealScenarios(closeVsShutdown.id, ['close']);
    render(<CheckList summary={closeVsShutdown} runNumber={1} checks={[{ ...fails, met: false }]} />);
    assert.equal(label('The second write fails'), 'The second write fails. Not yet.');
  });
  it('keeps what Linux does folded before the run: each check shows once a run meets it or its scenario is revealed', () => {
    const notMet = [
      { ...fails, met: false },
      { ...replies, met: false },
    ];
    const view = render(<CheckList summary={closeVsShutdown} runNumber={1} checks={notMet} />);
    assert.equal(screen.queryByRole('listitem'), null, 'no check before the learner has run anything');
    assert.match(checksText(), /2 checks, folded until your run shows them or you have done their scenario's steps/);
    assert.doesNotMatch(checksText(), /second write fails|replies arrive/);

    // The close run done to its last step (the reference panel reveals it): its checks show.
    act(() => revealScenarios(closeVsShutdown.id, ['close']));
    assert.equal(label('The second write fails'), 'The second write fails. Not yet.');
    assert.equal(listed('Both replies arrive'), false);

    // Asked for: every check shows, and focus moves to their list (the button is gone).
    fireEvent.click(screen.getByRole('button', { name: 'Show all checks' }));
    assert.equal(label('Both replies arrive'), 'Both replies arrive. Not yet.');
    assert.equal(screen.queryByRole('button', { name: 'Show all checks' }), null);
    assert.equal(document.activeElement, screen.getByRole('list', { name: 'Checks on your run' }));

    // Kept in this browser: after a reload they are still shown.
    view.unmount();
    forgetRevealedScenarios();
    render(<CheckList summary={closeVsShutdown} runNumber={1} checks={notMet} />);
    assert.equal(screen.getAllByRole('listitem').length, 2);
  });

  it('says "1 check", not "1 checks"', () => {
    render(<CheckList summary={closeVsShutdown} runNumber={1} checks={[{ ...fails, met: false }]} />);
    assert.match(checksText(), /1 check, folded until your run shows it or you have done its scenario's steps/);
  });
});
