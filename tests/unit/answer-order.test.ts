import '../support/dom';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  contentWords,
  findSpoilers,
  predictionKeys,
  readableUnits,
  type LessonPage,
  type PredictionKey,
} from '../support/answer-order';

/** A built lesson page as Docusaurus and the Prediction component write it, around `body`. */
function page(body: string): Document {
  return new DOMParser().parseFromString(
    `<html><body><nav aria-label="Docs sidebar"><a class="menu__link" href="/lessons/x">x</a></nav>
     <article><div class="theme-doc-markdown markdown">${body}</div></article>
     <nav class="pagination-nav"><a href="/lessons/y">Next: the Node client reads a plain end when the server writes a reply</a></nav></body></html>`,
    'text/html',
  );
}

function prediction(question: string, options: readonly string[], outcome: string): string {
  return `<section class="card prediction" aria-labelledby="q"><p class="kicker">Predict, then run</p>
    <fieldset><legend id="q">${question}</legend>${options
      .map((o) => `<label><input type="radio" name="q" /> <!-- -->${o}</label>`)
      .join('')}</fieldset><p role="status"></p><button type="button">Show what happens</button>
    <div class="explanation" hidden>${outcome}</div></section>`;
}

const QUESTION =
  'The server writes a 2 MiB reply and closes at once. The Node client reads slowly and sends a line. What does the client report?';
const OPTIONS = [
  'The whole reply, then the end of the stream',
  'Part of the reply, then an ECONNRESET error',
  'Part of the reply, then a plain end of the stream, as if nothing were missing',
];
const KEY: PredictionKey = { id: 'predict-lost-reply', question: QUESTION, correct: 2, options: 3 };
const ASK = prediction(
  QUESTION,
  OPTIONS,
  '<p>The client gets only what had reached its own kernel before the RST came back.</p><p>More.</p>',
);

function lesson(route: string, body: string, keys: readonly PredictionKey[] = []): LessonPage {
  return { route, units: readableUnits(page(body)), keys };
}

/** The spoilers found when `before` is an earlier lesson and `here` comes before the question in its own. */
function spoilersFor(before: string, here = '<p>An ordinary introduction.</p>', after = '') {
  return findSpoilers([lesson('lessons/one', before), lesson('lessons/two', `${here}${ASK}${after}`, [KEY])]);
}

describe('answer order: reading a built page', () => {
  it('splits the article into question, options, outcome and prose, and leaves out buttons and heading links', () => {
    const units = readableUnits(
      page(
        `<h2 id="a">A heading<a class="hash-link" href="#a">&#8203;</a></h2><p>Some <code>close()</code> prose.</p>
         <figure><svg role="img"><title>A diagram</title><text>Client: reads</text></svg></figure>
         <pre><code>int x;</code></pre><fieldset><legend>A quiz?</legend><label><input type="radio" /> A choice</label></fieldset>
         ${ASK}<p>After.</p>`,
      ),
    );
    const kinds = units.map(
      (u) => `${u.kind}${u.heading ? ' heading' : ''}${u.diagram ? ' diagram' : ''}${u.code ? ' code' : ''}: ${u.text}`,
    );
    assert.deepEqual(kinds, [
      'prose heading: A heading',
      'prose: Some close() prose.',
      'prose diagram: A diagram',
      'prose diagram: Client: reads',
      'prose code: int x;',
      'prose: A quiz?',
      'option: A choice',
      `question: ${QUESTION}`,
      ...OPTIONS.map((o) => `option: ${o}`),
      'outcome: The client gets only what had reached its own kernel before the RST came back.',
      'outcome: More.',
      'prose: After.',
    ]);
  });

  it("reads each prediction's id, question and right option from the lesson's MDX", () => {
    const mdx = `<Prediction
  id="predict-a"
  labId="lab"
  question="Which one? &quot;quoted&quot;"
  options={[
    { text: 'One' },
    { text: "Two, it's this", correct: true },
  ]}
>

Because.

</Prediction>`;
    assert.deepEqual(predictionKeys(mdx), [
      { id: 'predict-a', question: 'Which one? "quoted"', correct: 1, options: 2 },
    ]);
    assert.throws(() => predictionKeys(mdx.replace(', correct: true', '')), /0 options marked correct/);
  });

  it('keeps a negation with the word it turns around', () => {
    assert.deepEqual(contentWords("The 'error' event is not thrown; the server answers."), [
      'error',
      'event',
      'not_thrown',
      'server',
      'answer',
    ]);
  });
});

describe('answer order: the rule', () => {
  it('finds a phrase of the right option in an earlier lesson’s diagram of the same situation', () => {
    const found = spoilersFor(
      '<figure><svg><text>Client: reads the first part; then ECONNRESET (C) or a plain end (Node).</text></svg></figure>',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]?.prediction, 'predict-lost-reply');
    assert.equal(found[0]?.foundIn, 'lessons/one');
    assert.equal(found[0]?.rule, 'phrase');
    assert.match(found[0]?.phrase ?? '', /^plain end/);
  });

  it('does not count the same words in a sentence about another situation', () => {
    assert.deepEqual(spoilersFor('<p>A plain end of a long story.</p>'), []);
  });

  it('does not count what the question or a wrong option says too', () => {
    // "part of the reply" is in a wrong option; "the server writes a reply" in the question.
    assert.deepEqual(spoilersFor('<p>The Node client reads part of the reply the server writes.</p>'), []);
  });

  it('does not count a phrase that half the course uses (its vocabulary)', () => {
    const body = '<p>The Node client reads slowly what the server writes, then a plain end.</p>';
    const course = ['a', 'b', 'c', 'd', 'e'].map((name) => lesson(`lessons/${name}`, body));
    assert.deepEqual(findSpoilers([...course, lesson('lessons/two', ASK, [KEY])]), []);
    assert.equal(findSpoilers([...course.slice(1), lesson('lessons/two', ASK, [KEY])]).length, 4);
  });

  it('finds the outcome’s opening said again, and not its opposite', () => {
    const said = spoilersFor(
      '<p>Remember: the client gets only what reached its own kernel before the RST came back.</p>',
    );
    assert.deepEqual(
      said.map((s) => s.rule),
      ['restated'],
    );
    assert.deepEqual(
      spoilersFor('<p>The client does not get what reached its own kernel before the RST came back.</p>'),
      [],
    );
  });

  it('finds "X fixes it" right above the question, naming what the right option is about', () => {
    const found = spoilersFor('', '<h2>Losing a reply</h2><p>A lingering close avoids the missing part.</p>');
    assert.deepEqual(
      found.map((s) => [s.rule, s.foundIn]),
      [['verdict', 'lessons/two']],
    );
    // Under a heading of its own, further up, it is teaching, not the answer.
    assert.deepEqual(
      spoilersFor('', '<p>A lingering close avoids the missing part.</p><h2>Losing a reply</h2><p>Try it.</p>'),
      [],
    );
  });

  it('does not look at what comes after the prediction, nor at the site’s navigation', () => {
    assert.deepEqual(spoilersFor('', '', '<p>So: part of the reply, then a plain end of the stream.</p>'), []);
  });
});
