import { useEffect, useLayoutEffect, useRef } from 'react';
import type { LabProcessSpec, LabRuntimeKind, LabSummary } from '../../labs/types';
import { inSentence } from '../../labs/in-sentence';
import { onReveal, revealedScenarios, useRevealedScenarios } from './reveal/revealed-scenarios';
import styles from './Lab.module.css';

/**
 * What to run and what to look for, as plain HTML: readable before any script loads. Each
 * scenario's "what to look for" is its outcome, so it is folded on its own (a `<details>` that
 * works without scripts); it opens once the lab reveals that scenario: the learner did it to its
 * last step, or asked to see what Linux does (`revealed-scenarios.ts`).
 */
export function LabGuide({ summary }: { summary: LabSummary }) {
  const reader = summary.processes.find((p) => p.stdin);
  const { revealed } = useRevealedScenarios(summary.id);
  // Opening a list above the lab must not move what the learner is looking at (the terminal they
  // typed the last step into): note where the focused element is before it opens, and scroll
  // back by as much as it moved, as a prediction does when it unfolds.
  const keepInPlace = useRef<{ element: Element; top: number } | null>(null);
  const rendered = useRef(revealed);
  useEffect(
    () =>
      onReveal(() => {
        if (revealedScenarios(summary.id) === rendered.current) return; // another lab's
        const element = document.activeElement;
        if (element && element !== document.body) {
          keepInPlace.current = { element, top: element.getBoundingClientRect().top };
        }
      }),
    [summary.id],
  );
  useLayoutEffect(() => {
    rendered.current = revealed;
    const kept = keepInPlace.current;
    keepInPlace.current = null;
    if (!kept || !kept.element.isConnected) return;
    const moved = kept.element.getBoundingClientRect().top - kept.top;
    if (moved !== 0) window.scrollBy(0, moved);
  }, [revealed]);
  // Named as its panel names it: "Start the after fin." read as if "after fin" were a thing.
  const start = (id: string) => (
    <>
      Start the <strong>{summary.processes.find((p) => p.id === id)?.title ?? id}</strong> process
    </>
  );
  return (
    <div className={styles.guide}>
      <p>
        Processes:{' '}
        {summary.processes.map((p, i) => (
          <span key={p.id}>
            {i > 0 ? ', ' : ''}
            {p.title} (<ProcessCommand runtime={summary.runtime} process={p} />)
          </span>
        ))}
        .
      </p>
      {summary.scenarios.map((scenario) => (
        <details key={scenario.id} className={styles.scenario}>
          <summary>{scenario.title}</summary>
          <ol>
            {scenario.startFirst.map((id) => (
              <li key={id}>{start(id)}.</li>
            ))}
            {scenario.input.map((step, i) =>
              typeof step === 'string' ? (
                <li key={i}>
                  In the {reader ? inSentence(reader.title) : 'process'} terminal, type <kbd>{step}</kbd> and press
                  Enter.
                </li>
              ) : (
                <li key={i}>
                  {start(step.start)}
                  {scenario.startFirst.includes(step.start) ? ' again, at once' : ''}.
                </li>
              ),
            )}
          </ol>
          {/* The outcome: folded on its own, so that reading the steps does not give it away. */}
          <details className={styles.scenario} open={revealed.includes(scenario.id)}>
            <summary>
              {revealed.includes(scenario.id)
                ? 'What to look for'
                : 'What to look for (the outcome: predict first, open it after your run)'}
            </summary>
            <ul>
              {scenario.observe.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </details>
        </details>
      ))}
    </div>
  );
}

/** How the process is started: `node server.js`, or for a C file its compile and its command line. */
function ProcessCommand({ runtime, process: p }: { runtime: LabRuntimeKind; process: LabProcessSpec }) {
  const args = p.args.length > 0 ? ` ${p.args.join(' ')}` : '';
  if (runtime === 'linux' && p.file.endsWith('.c')) {
    return (
      <>
        <code>{p.file}</code>, compiled in the guest with tcc and run as{' '}
        <code>
          ./{p.file.slice(0, -2)}
          {args}
        </code>
      </>
    );
  }
  return (
    <code>
      node {p.file}
      {args}
    </code>
  );
}
