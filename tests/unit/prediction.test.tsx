import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import Prediction from '../../src/components/Prediction';
import { announceLabRun, LAB_RUN_EVENT } from '../../src/components/Prediction/lab-run-event';
import { readProgress } from '../../src/course-progress/progress';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

function renderPrediction() {
  return render(
    <Prediction
      id="p-close-run"
      labId="close-vs-shutdown"
      question="What will the client print?"
      options={[{ text: 'Both replies' }, { text: 'No reply at all', correct: true }]}
    >
      <p>The client closed: its kernel answers the first reply with an RST.</p>
    </Prediction>,
  );
}

const explanation = () => screen.getByText(/its kernel answers the first reply with an RST/).closest('div')!;

describe('Prediction', () => {
  it('keeps the explanation folded until the learner asks, and the button needs no lab', () => {
    renderPrediction();
    assert.equal(explanation().hidden, true);
    fireEvent.click(screen.getByRole('button', { name: 'Show what happens' }));
    assert.equal(explanation().hidden, false);
    assert.equal(screen.queryByRole('button', { name: 'Show what happens' }), null);
  });

  it('unfolds when its own lab runs (course:lab-run with detail.labId), not when another lab does', () => {
    renderPrediction();
    act(() => announceLabRun('warm-up'));
    assert.equal(explanation().hidden, true);
    act(() => {
      window.dispatchEvent(new window.CustomEvent(LAB_RUN_EVENT, { detail: { labId: 'close-vs-shutdown' } }));
    });
    assert.equal(explanation().hidden, false);
  });

  it('keeps the prediction, and says after the run whether it was right', () => {
    renderPrediction();
    fireEvent.click(screen.getByRole('radio', { name: 'Both replies' }));
    assert.match(screen.getByRole('status').textContent ?? '', /Prediction kept/);
    cleanup();
    renderPrediction();
    assert.equal((screen.getByRole('radio', { name: 'Both replies' }) as HTMLInputElement).checked, true);
    assert.equal(readProgress().answered, 1);
    act(() => announceLabRun('close-vs-shutdown'));
    assert.match(screen.getByRole('status').textContent ?? '', /not what happens/);
    fireEvent.click(screen.getByRole('radio', { name: 'No reply at all' }));
    assert.equal(screen.getByRole('status').textContent, 'Your prediction was right.');
  });

  it('names its question group by the question', () => {
    renderPrediction();
    assert.ok(screen.getByRole('group', { name: 'What will the client print?' }));
  });
});
