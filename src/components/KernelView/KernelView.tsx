import { useMemo } from 'react';
import type { KernelEvent } from '../../runtimes/linux/kernel-events';
import SequenceDiagram from '../SequenceDiagram';
import type { Segment } from '../../runtimes/linux/kernel-events';
import { connectionViews, type ConnectionView } from './connections';
import styles from './KernelView.module.css';

export interface KernelViewProps {
  /** The run's kernel events so far (segments and socket-state changes), in any order. */
  readonly events: readonly KernelEvent[];
  /** Whether the connection this SYN opened belongs to an earlier run (shown folded, apart). */
  readonly isEarlier?: (syn: Segment) => boolean;
}

function Connection({ view }: { view: ConnectionView }) {
  return (
    <div className={styles.connection}>
      <SequenceDiagram title={`Segments on loopback, ${view.title}`} lanes={view.lanes} steps={view.steps} />
      <ol
        className={styles.list}
        aria-label={`${view.title}, oldest first`}
        // Room for the longest number ("18."), in the list's monospace characters.
        style={{ paddingLeft: `${String(view.entries.length).length + 2}ch` }}
      >
        {view.entries.map((entry, i) => (
          <li key={i} className={styles[entry.tone]}>
            <span className={styles.time}>{entry.at.toFixed(3)} s</span> {entry.text}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * What the kernel did in a lab run on "Linux in your browser": per connection, the segments on
 * loopback as a sequence diagram in the lessons' look, with each side's TCP state, and the same
 * as a list of sentences.
 */
export default function KernelView({ events, isEarlier }: KernelViewProps) {
  const views = useMemo(() => connectionViews(events), [events]);
  const earlier = isEarlier ? views.filter((view) => isEarlier(view.syn)) : [];
  const current = views.filter((view) => !earlier.includes(view));
  return (
    <section className={styles.view} aria-label="What the kernel shows">
      {current.length === 0 ? (
        <p className={styles.empty}>
          {earlier.length === 0
            ? 'No TCP connection on loopback yet.'
            : 'No TCP connection on loopback in this run yet.'}
        </p>
      ) : (
        current.map((view) => <Connection key={`${view.title} ${view.syn.timeUs}`} view={view} />)
      )}
      {earlier.length > 0 ? (
        <details className={styles.earlier}>
          <summary>
            Earlier runs: {earlier.length} connection{earlier.length === 1 ? '' : 's'}
          </summary>
          {earlier.map((view) => (
            <Connection key={`${view.title} ${view.syn.timeUs}`} view={view} />
          ))}
        </details>
      ) : null}
    </section>
  );
}
