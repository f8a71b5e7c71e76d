import type { LabProcessSpec, LabRuntimeKind, LabSummary } from '../../labs/types';
import styles from './Lab.module.css';

/** What to run and what to look for, as plain HTML: readable before any script loads. */
export function LabGuide({ summary }: { summary: LabSummary }) {
  const reader = summary.processes.find((p) => p.stdin);
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
                  In the {reader?.title.toLowerCase() ?? 'process'} terminal, type <kbd>{step}</kbd> and press Enter.
                </li>
              ) : (
                <li key={i}>
                  {start(step.start)}
                  {scenario.startFirst.includes(step.start) ? ' again, at once' : ''}.
                </li>
              ),
            )}
          </ol>
          <p>What to look for:</p>
          <ul>
            {scenario.observe.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
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
