import { useMemo } from 'react';
import type { KernelEvent } from '../../runtimes/linux/kernel-events';
import SequenceDiagram from '../SequenceDiagram';
import { connectionViews } from './connections';
import styles from './KernelView.module.css';

export interface KernelViewProps {
  /** The run's kernel events so far (segments and socket-state changes), in any order. */
  readonly events: readonly KernelEvent[];
}

/**
 * What the kernel did in a lab run on "Linux in your browser": per connection, the segments on
 * loopback as a sequence diagram in the lessons' look, with each side's TCP state, and the same
 * as a list of sentences.
 */
export default function KernelView({ events }: KernelViewProps) {
  const views = useMemo(() => connectionViews(events), [events]);
  return (
    <section className={styles.view} aria-label="What the kernel shows">
      {views.length === 0 ? (
        <p className={styles.empty}>No TCP connection on loopback yet.</p>
      ) : (
        views.map((view, index) => (
          <div key={index} className={styles.connection}>
            <SequenceDiagram title={`Segments on loopback, ${view.title}`} lanes={view.lanes} steps={view.steps} />
            <ol className={styles.list} aria-label={`${view.title}, oldest first`}>
              {view.entries.map((entry, i) => (
                <li key={i} className={styles[entry.tone]}>
                  <span className={styles.time}>{entry.at.toFixed(3)} s</span> {entry.text}
                </li>
              ))}
            </ol>
          </div>
        ))
      )}
    </section>
  );
}
