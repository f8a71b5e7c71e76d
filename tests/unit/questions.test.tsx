import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import ChoiceQuestion from '../../src/components/ChoiceQuestion';
import ThinkQuestion from '../../src/components/ThinkQuestion';
import { clearProgress, markVisited, readProgress } from '../../src/course-progress/progress';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

function renderQuestion() {
  return render(
    <ThinkQuestion id="q-fin" question="Are FIN and ACK data?">
      <p>No: control segments.</p>
    </ThinkQuestion>,
  );
}

describe('ThinkQuestion', () => {
  it("keeps the learner's answer in the browser, per question", () => {
    renderQuestion();
    const box = screen.getByRole('textbox', { name: 'Your answer' });
    fireEvent.change(box, { target: { value: 'They are control information' } });
    assert.equal(screen.getByRole('status').textContent, 'Saved in this browser.');
    cleanup();

    renderQuestion();
    assert.equal(
      (screen.getByRole('textbox', { name: 'Your answer' }) as HTMLTextAreaElement).value,
      'They are control information',
    );
    assert.equal(readProgress().answered, 1);
  });

  it('forgets an answer that is erased', () => {
    renderQuestion();
    const box = screen.getByRole('textbox', { name: 'Your answer' });
    fireEvent.change(box, { target: { value: 'x' } });
    fireEvent.change(box, { target: { value: '' } });
    assert.equal(readProgress().answered, 0);
  });

  it('shows the reference answer only on request', () => {
    renderQuestion();
    const details = screen.getByText('Show the reference answer').closest('details')!;
    assert.equal(details.open, false);
    fireEvent.click(screen.getByText('Show the reference answer'));
    assert.equal(details.open, true);
    assert.ok(screen.getByText('No: control segments.'));
  });
});

describe('ChoiceQuestion', () => {
  const options = [
    { text: 'Both directions are closed', why: 'A FIN ends one direction.' },
    { text: 'The peer sent a FIN', correct: true, why: 'That is what end of file means.' },
  ];

  it('explains why the chosen option is wrong or right, and keeps the choice', () => {
    render(<ChoiceQuestion id="quiz-eof" question="read() returns 0. What do you know?" options={options} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Both directions are closed' }));
    assert.match(screen.getByRole('status').textContent ?? '', /^Not quite\. A FIN ends one direction\.$/);
    fireEvent.click(screen.getByRole('radio', { name: 'The peer sent a FIN' }));
    assert.match(screen.getByRole('status').textContent ?? '', /^Right\. That is what end of file means\.$/);
    cleanup();

    render(<ChoiceQuestion id="quiz-eof" question="read() returns 0. What do you know?" options={options} />);
    assert.equal((screen.getByRole('radio', { name: 'The peer sent a FIN' }) as HTMLInputElement).checked, true);
  });
});

describe('progress', () => {
  it('counts visited lessons and answers, and clears them', () => {
    markVisited('/lessons/half-close');
    markVisited('/lessons/half-close');
    markVisited('/lessons/close');
    localStorage.setItem('tcp-course:answer:a', 'x');
    localStorage.setItem('tcp-course:lab:close-vs-shutdown:file:server.js', 'kept');
    assert.deepEqual([...readProgress().visited], ['/lessons/half-close', '/lessons/close']);
    assert.equal(readProgress().answered, 1);
    clearProgress();
    assert.equal(readProgress().visited.size, 0);
    assert.equal(readProgress().answered, 0);
    assert.equal(
      localStorage.getItem('tcp-course:lab:close-vs-shutdown:file:server.js'),
      'kept',
      'lab edits are not progress',
    );
  });
});
