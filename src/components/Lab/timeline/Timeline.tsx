import type { TraceEvent } from '../../../labs/trace/events';
import { describeEvent } from '../../../labs/trace/events';
import type { LabProcessSpec } from '../../../labs/types';
import styles from './Timeline.module.css';

/**
 * The lab's processes as lanes, their socket events in time order, live. Each row is one
 * event in words ("server: write "Hi, data2" → EPIPE"); the list scrolls and takes focus.
 */
export function Timeline({
  processes,
  events,
  onClear,
  recording,
}: {
  processes: readonly LabProcessSpec[];
  events: readonly TraceEvent[];
  onClear: () => void;
  /** False when the runtime records no socket events. */
  recording: boolean;
}) {
  const start = events[0]?.t ?? 0;
  const lane = (proc: string) =>
    Math.max(
      0,
      processes.findIndex((p) => p.id === proc),
    );
  return (
    <section className={styles.timeline} aria-label="Socket events">
      <header className={styles.header}>
        <h4 className={styles.title}>Socket events</h4>
        <button
          type="button"
          className="button button--sm button--link"
          onClick={onClear}
          disabled={events.length === 0}
        >
          Clear timeline
        </button>
      </header>
      <div
        className={styles.lanes}
        aria-hidden="true"
        style={{ gridTemplateColumns: `5rem repeat(${processes.length}, 1fr)` }}
      >
        <span />
        {processes.map((p) => (
          <span key={p.id} className={styles.laneTitle}>
            {p.title}
          </span>
        ))}
      </div>
      <ol className={styles.events} tabIndex={0} role="log" aria-label="Socket events, oldest first">
        {events.length === 0 ? (
          <li className={styles.empty}>
            {recording
              ? 'Start the processes: their socket events appear here.'
              : 'This runtime does not record socket events yet; run the lab on this computer to see them.'}
          </li>
        ) : null}
        {events.map((event, i) => {
          const failed = (event.kind === 'write' && event.result !== 'ok') || event.kind === 'error';
          const name = processes[lane(event.proc)]?.title.toLowerCase() ?? event.proc;
          return (
            <li
              key={i}
              className={styles.event}
              data-failed={failed || undefined}
              style={{ gridTemplateColumns: `5rem repeat(${processes.length}, 1fr)` }}
            >
              <span className={styles.time}>+{Math.round(event.t - start)} ms</span>
              <span className={styles.text} style={{ gridColumn: lane(event.proc) + 2 }}>
                <span className="visually-hidden">{name}: </span>
                {describeEvent(event)}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
