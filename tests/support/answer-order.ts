/**
 * Does the course give a prediction's answer before it asks? The rule, and why it is this rule,
 * is in the header of tests/browser/answer-order.test.ts; this module reads the built pages and
 * applies it.
 */

/** A piece of text the learner can read, in page order (a paragraph, list item, cell, label…). */
export interface Unit {
  readonly text: string;
  /** 'prose' is all readable text that is not a prediction's question, option or outcome. */
  readonly kind: 'prose' | 'question' | 'option' | 'outcome';
  /** For question, option and outcome: which prediction of the page (0, 1, …); none for a quiz's option. */
  readonly prediction?: number;
  readonly heading?: boolean;
  /** Text of an SVG diagram (its title, description or a label). */
  readonly diagram?: boolean;
  /** A code block. */
  readonly code?: boolean;
}

/** What the page's HTML does not say (it must not tell the learner): each prediction's id and right option. */
export interface PredictionKey {
  readonly id: string;
  readonly question: string;
  readonly correct: number;
  readonly options: number;
}

export interface LessonPage {
  /** e.g. 'lessons/close' */
  readonly route: string;
  readonly units: readonly Unit[];
  readonly keys: readonly PredictionKey[];
}

export interface Spoiler {
  /** The prediction answered early: its lesson and id. */
  readonly lesson: string;
  readonly prediction: string;
  /** Where the answer is given (the same lesson, or an earlier one) and the sentence that gives it. */
  readonly foundIn: string;
  readonly sentence: string;
  /** Which part of the rule found it (see the test's header comment). */
  readonly rule: 'phrase' | 'restated' | 'verdict';
  /** The answer's words found there (content words, stemmed), and what of the answer they come from. */
  readonly phrase: string;
  readonly answer: string;
}

// ---------------------------------------------------------------------------------------------
// Reading a built page

/** Inline elements are part of the sentence around them; every other element starts a new unit. */
const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'CODE',
  'DEL',
  'EM',
  'I',
  'INS',
  'KBD',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'tspan',
]);

/** Not lesson text: buttons, a heading's "#" link, form fields, styles and scripts. */
const SKIP = 'button, .hash-link, style, script, noscript, input, textarea';

/** A prediction card: a section whose kicker says "Predict, then run", with a question and a folded outcome. */
export function isPrediction(element: Element): boolean {
  return (
    element.tagName === 'SECTION' &&
    element.querySelector(':scope > p')?.textContent?.trim() === 'Predict, then run' &&
    element.querySelector(':scope > fieldset > legend') !== null
  );
}

type Context = Omit<Unit, 'text'>;

/** The readable text of a built lesson page (its article, without the site's navigation), in page order. */
export function readableUnits(document: Document): Unit[] {
  const root = document.querySelector('article .theme-doc-markdown');
  if (!root) throw new Error('no article .theme-doc-markdown in the page');
  const units: Unit[] = [];
  let predictions = 0;

  const inlineText = (element: Element): string => {
    if (element.matches(SKIP)) return '';
    let text = '';
    for (const node of Array.from(element.childNodes)) {
      if (node.nodeType === node.TEXT_NODE) text += node.textContent ?? '';
      else if (node.nodeType === node.ELEMENT_NODE) text += inlineText(node as Element);
    }
    return text;
  };

  const walk = (element: Element, context: Context) => {
    let pending = '';
    const flush = () => {
      const text = pending.replace(/\s+/g, ' ').trim();
      pending = '';
      if (text) units.push({ text, ...context });
    };
    for (const node of Array.from(element.childNodes)) {
      if (node.nodeType === node.TEXT_NODE) {
        pending += node.textContent ?? '';
        continue;
      }
      if (node.nodeType !== node.ELEMENT_NODE) continue;
      const child = node as Element;
      if (child.matches(SKIP)) continue;
      if (child.tagName === 'BR') {
        pending += ' ';
        continue;
      }
      if (INLINE.has(child.tagName)) {
        pending += inlineText(child);
        continue;
      }
      flush();
      if (isPrediction(child)) walkPrediction(child, predictions++);
      else if (child.tagName === 'LABEL' && element.tagName === 'FIELDSET') {
        // A quiz's choice (ChoiceQuestion): like a prediction's option, it states nothing.
        walk(child, { kind: 'option' });
      } else {
        let inner: Context = context;
        if (/^H[1-6]$/.test(child.tagName)) inner = { ...inner, heading: true };
        if (child.tagName === 'PRE') inner = { ...inner, code: true };
        if (child.tagName === 'svg') inner = { ...inner, diagram: true };
        walk(child, inner);
      }
    }
    flush();
  };

  const walkPrediction = (section: Element, prediction: number) => {
    const legend = section.querySelector(':scope > fieldset > legend');
    if (legend) walk(legend, { kind: 'question', prediction });
    for (const label of Array.from(section.querySelectorAll(':scope > fieldset > label')))
      walk(label, { kind: 'option', prediction });
    const outcome = section.querySelector(':scope > div[hidden]');
    if (!outcome) throw new Error(`prediction ${prediction + 1}: no folded outcome (div[hidden]) in its card`);
    walk(outcome, { kind: 'outcome', prediction });
  };

  walk(root, { kind: 'prose' });
  return units;
}

/** The lessons' routes in the order of the docs sidebar (the order a learner reads them). */
export function lessonOrder(document: Document): string[] {
  return Array.from(document.querySelectorAll('nav[aria-label="Docs sidebar"] a.menu__link'))
    .map((a) => a.getAttribute('href') ?? '')
    .filter((href) => href.startsWith('/lessons/'))
    .map((href) => href.slice(1));
}

/**
 * Each <Prediction> of a lesson's MDX source, in order: its id, its question, and which option
 * is marked `correct: true`. The built page does not say which option is right, so the test
 * reads it here and matches it to the page's predictions by order, checking the question.
 */
export function predictionKeys(mdx: string): PredictionKey[] {
  const keys: PredictionKey[] = [];
  for (const match of mdx.matchAll(/<Prediction\b([\s\S]*?)\n>/g)) {
    const props = match[1] ?? '';
    const id = /\bid="([^"]+)"/.exec(props)?.[1];
    const question = /\bquestion="([^"]*)"/.exec(props)?.[1];
    const list = /\boptions=\{\[([\s\S]*?)\]\}/.exec(props)?.[1];
    if (!id || question === undefined || list === undefined)
      throw new Error(`a <Prediction> whose id, question or options this test cannot read: ${props.slice(0, 200)}`);
    const entries = list.split(/\{\s*text:/).slice(1);
    const correct = entries.flatMap((entry, index) => (/\bcorrect:\s*true\b/.test(entry) ? [index] : []));
    if (correct.length !== 1 || correct[0] === undefined)
      throw new Error(`<Prediction id="${id}">: ${correct.length} options marked correct`);
    keys.push({ id, question: decodeEntities(question), correct: correct[0], options: entries.length });
  }
  return keys;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------------------------------------
// Words

/** Function words: they say nothing about what happens. Negations are not among them. */
const STOP = new Set(
  `a an the and or but if then than so as of to in on at by for from with into onto over under
  about after before while until again once also only just even still yet already both each every
  any all some more most other such same own this that these those there here it its they them
  their theirs we us our you your i me my he she his her is are was were be been being am do
  does did done doing has have had having can could will would shall should may might must let
  lets what which who whom whose when where why how whether itself themselves yourself very too
  much many few ca wo`.split(/\s+/),
);

/** A light stemmer, enough that "answers", "answered" and "answering" meet (and "close", "closes", "closed"). */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (/(ss|us|is)$/.test(w)) {
    // "process", "status", "this": not plurals
  } else if (/(ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s')) w = w.slice(0, -1);
  if (w.endsWith('ied')) w = `${w.slice(0, -3)}y`;
  else if (/[^e]ed$/.test(w) && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  if (/([bdgklmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Words that turn the next one around: "not thrown" must not match "thrown". */
const NEGATION = new Set(['no', 'not', 'never', 'cannot', 'without', 'nor', 'nt']);

/**
 * The content words of a text, in order: lower case, stemmed, without function words and
 * 1-letter tokens; a negation is joined to the word after it ("no reply" is `not_reply`).
 */
export function contentWords(text: string): string[] {
  const tokens =
    text
      .toLowerCase()
      .replace(/[‘’`]/g, "'")
      .replace(/'s\b/g, '')
      .replace(/n't\b/g, ' nt')
      .match(/[a-z0-9_]+/g) ?? [];
  const words: string[] = [];
  let negated = false;
  for (const token of tokens) {
    if (NEGATION.has(token)) negated = true;
    else if (token.length > 1 && !STOP.has(token)) {
      words.push(negated ? `not_${stem(token)}` : stem(token));
      negated = false;
    }
  }
  return words;
}

/** The sentences of a unit; a phrase is only looked for inside one sentence. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<![^\w](?:e\.g|i\.e|etc|vs|cf))(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function ngrams(words: readonly string[], n: number): string[] {
  const grams: string[] = [];
  for (let i = 0; i + n <= words.length; i++) grams.push(words.slice(i, i + n).join(' '));
  return grams;
}

const contains = (words: string, phrase: string) => words.includes(` ${phrase} `);
const joined = (words: readonly string[]) => ` ${words.join(' ')} `;

// ---------------------------------------------------------------------------------------------
// The rule (see the test's header comment)

/** The rule's thresholds (see the test's header comment for why these values). */
export interface Thresholds {
  /** A phrase of the right option this long (content words) is a claim of its own and counts anywhere. */
  readonly longPhrase: number;
  /** A shorter one counts where the sentence is also about the question's situation: this many more of its words. */
  readonly situationWords: number;
  /** A phrase found in more of the course's lessons than this is the course's vocabulary, not a give-away. */
  readonly vocabularyLessons: number;
  /** The outcome's opening sentence counts as restated when it has at least this many content words. */
  readonly restatedWords: number;
}

export const THRESHOLDS: Thresholds = { longPhrase: 4, situationWords: 3, vocabularyLessons: 4, restatedWords: 4 };

/** "It fixes it", said right before the question of what the right option is about. */
const VERDICT = /\b(fix|fixes|fixed|solves?|solved|cures?|cured|prevents?|prevented|avoids?|avoided)\b/i;

interface Sentence {
  readonly route: string;
  readonly text: string;
  readonly words: readonly string[];
  /** The words joined with a space at each end, to look phrases up. */
  readonly joined: string;
  /** The prediction card it belongs to ("route#index"), if any. */
  readonly card?: string;
}

function sentenceOf(route: string, text: string, card?: string): Sentence {
  const words = contentWords(text);
  return { route, text, words, joined: joined(words), ...(card === undefined ? {} : { card }) };
}

/** Whether `words` holds every one of `part`, in order (other words may come between). */
function inOrder(words: readonly string[], part: readonly string[]): boolean {
  let i = 0;
  for (const w of words) if (w === part[i]) i++;
  return i === part.length;
}

/** The outcome's opening, where an explanation says what happens: its heading, if it starts with one, and its first sentence. */
function outcomeOpening(units: readonly Unit[]): string[] {
  const outcome = units.filter((u) => u.kind === 'outcome' && !u.code && !u.diagram);
  const opening: string[] = [];
  if (outcome[0]?.heading) opening.push(outcome[0].text);
  const first = outcome.find((u) => !u.heading);
  if (first) opening.push(...sentences(first.text).slice(0, 1));
  return opening;
}

/** Every give-away in the course: each prediction against all the learner can read before it. */
export function findSpoilers(lessons: readonly LessonPage[], thresholds: Thresholds = THRESHOLDS): Spoiler[] {
  // In how many lessons a phrase is used, outside the card of the prediction it answers.
  const everything: Sentence[] = [];
  for (const lesson of lessons)
    for (const unit of lesson.units) {
      if (unit.kind === 'option' || unit.code) continue;
      const card = unit.prediction === undefined ? undefined : `${lesson.route}#${unit.prediction}`;
      for (const s of sentences(unit.text)) everything.push(sentenceOf(lesson.route, s, card));
    }
  const lessonsUsing = (phrase: string, card: string) =>
    new Set(everything.filter((s) => s.card !== card && contains(s.joined, phrase)).map((s) => s.route)).size;

  const spoilers: Spoiler[] = [];
  const earlier: Sentence[] = [];
  for (const lesson of lessons) {
    const before: Sentence[] = [];
    /** The lead-in: this lesson's prose since its last heading, lab or prediction. */
    let leadIn: Sentence[] = [];
    let asked = -1;
    for (const unit of lesson.units) {
      if (unit.kind === 'question' && unit.prediction !== undefined && unit.prediction > asked) {
        asked = unit.prediction;
        const key = lesson.keys[asked];
        if (!key) throw new Error(`${lesson.route}: prediction ${asked + 1} is not in the lesson's source`);
        const own = lesson.units.filter((u) => u.prediction === asked);
        const card = `${lesson.route}#${asked}`;
        spoilers.push(
          ...spoilersOf(
            lesson.route,
            key,
            own,
            [...earlier, ...before],
            leadIn,
            (p) => lessonsUsing(p, card),
            thresholds,
          ),
        );
      }
      // Readable before the next prediction: all but the options (a wrong option states nothing,
      // and the outcome states the right one again) and code.
      if (unit.heading || unit.kind !== 'prose') leadIn = [];
      if (unit.kind === 'option' || unit.code) continue;
      for (const s of sentences(unit.text)) {
        const sentence = sentenceOf(lesson.route, s);
        before.push(sentence);
        if (unit.kind === 'prose' && !unit.heading && !unit.diagram) leadIn.push(sentence);
      }
    }
    if (asked + 1 !== lesson.keys.length)
      throw new Error(`${lesson.route}: ${asked + 1} predictions in the page, ${lesson.keys.length} in its source`);
    earlier.push(...before);
  }
  return spoilers;
}

function spoilersOf(
  route: string,
  key: PredictionKey,
  own: readonly Unit[],
  readable: readonly Sentence[],
  leadIn: readonly Sentence[],
  lessonsUsing: (phrase: string) => number,
  { longPhrase, situationWords, vocabularyLessons, restatedWords }: Thresholds,
): Spoiler[] {
  const question = own
    .filter((u) => u.kind === 'question')
    .map((u) => u.text)
    .join(' ');
  if (question.replace(/\s+/g, ' ') !== key.question.replace(/\s+/g, ' '))
    throw new Error(`${route}: the page's question "${question}" is not ${key.id}'s "${key.question}"`);
  const options = own.filter((u) => u.kind === 'option').map((u) => u.text);
  if (options.length !== key.options)
    throw new Error(`${route} ${key.id}: ${options.length} options in the page, ${key.options} in the source`);
  const correct = options[key.correct]!;
  const wrong = options.filter((_, i) => i !== key.correct);
  const questionWords = new Set(contentWords(question));
  const spoiler = (sentence: Sentence, rule: Spoiler['rule'], phrase: string, answer: string): Spoiler => ({
    lesson: route,
    prediction: key.id,
    foundIn: sentence.route,
    sentence: sentence.text,
    rule,
    phrase,
    answer,
  });

  // 1. Phrases of the right option that tell it apart: runs of 2 or more content words that the
  // question and the wrong options do not say, and not made of the question's words only.
  const given = new Set<string>();
  for (const text of [question, ...wrong])
    for (const s of sentences(text)) {
      const words = contentWords(s);
      for (let n = 1; n <= words.length; n++) for (const g of ngrams(words, n)) given.add(g);
    }
  const phrases: string[] = [];
  for (const s of sentences(correct)) {
    const words = contentWords(s);
    for (let n = 2; n <= words.length; n++)
      for (const g of ngrams(words, n))
        if (!given.has(g) && !g.split(' ').every((w) => questionWords.has(w)) && lessonsUsing(g) <= vocabularyLessons)
          phrases.push(g);
  }
  const found: Spoiler[] = [];
  // A sentence said twice in one lesson (a diagram is drawn wide and narrow) is reported once.
  const seen = new Set<string>();
  readable = readable.filter((s) => {
    const k = `${s.route}\u0000${s.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  for (const sentence of readable) {
    const hits = phrases.filter((p) => contains(sentence.joined, p));
    const phrase = hits.sort((a, b) => b.length - a.length)[0];
    if (phrase === undefined) continue;
    const words = phrase.split(' ');
    const situation = new Set(sentence.words.filter((w) => questionWords.has(w) && !words.includes(w)));
    if (words.length >= longPhrase || situation.size >= situationWords)
      found.push(
        spoiler(
          sentence,
          'phrase',
          words.length >= longPhrase ? phrase : `${phrase} (+ the question's ${[...situation].join(', ')})`,
          `the right option "${correct}"`,
        ),
      );
  }

  // 2. The outcome's opening sentence said again: all of its content words, in order.
  for (const opening of outcomeOpening(own)) {
    const words = contentWords(opening);
    if (words.length < restatedWords) continue;
    for (const sentence of readable)
      if (inOrder(sentence.words, words) && !found.some((f) => f.sentence === sentence.text))
        found.push(spoiler(sentence, 'restated', words.join(' '), `the outcome's opening "${opening}"`));
  }

  // 3. The verdict: right before the question, a sentence says something fixes (solves,
  // prevents…) it, naming what the right option is about (a word of it the question does not use).
  const subject = new Set(contentWords(correct).filter((w) => !questionWords.has(w)));
  for (const sentence of leadIn) {
    const verdict = VERDICT.exec(sentence.text);
    const named = [...new Set(sentence.words.filter((w) => subject.has(w)))];
    if (verdict && named.length > 0)
      found.push(spoiler(sentence, 'verdict', `${verdict[0]} … ${named.join(', ')}`, `the right option "${correct}"`));
  }
  return found;
}
