import { useLayoutEffect, useRef } from 'react';
import type { LabRunRecord } from '../../../labs/reference/run-verdict';
import type { TraceEvent } from '../../../labs/trace/events';
import { describeEvent } from '../../../labs/trace/events';
import type { LabProcessSpec } from '../../../labs/types';
import styles from './Timeline.module.css';

/** Keeps a scrolling list at its newest entry, unless the learner scrolled up to read. */
function useFollowNewest(count: number) {
  const list = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const element = list.current;
    if (element && atEnd.current) element.scrollTop = element.scrollHeight;
  }, [count]);
  const onScroll = () => {
    const element = list.current;
    if (element) atEnd.current = element.scrollHeight - element.scrollTop - element.clientHeight < 8;
  };
  return { list, onScroll };
}

const columns = (processes: readonly LabProcessSpec[]) => `5rem repeat(${processes.length}, minmax(0, 1fr))`;

function EventRows({ processes, events }: { processes: readonly LabProcessSpec[]; events: readonly TraceEvent[] }) {
  const start = events[0]?.t ?? 0;
  const lane = (proc: string) =>
    Math.max(
      0,
      processes.findIndex((p) => p.id === proc),
    );
  return events.map((event, i) => {
    const failed = (event.kind === 'write' && event.result !== 'ok') || event.kind === 'error';
    const name = processes[lane(event.proc)]?.title.toLowerCase() ?? event.proc;
    return (
      <li
        key={i}
        className={styles.event}
        data-failed={failed || undefined}
        style={{ gridTemplateColumns: columns(processes) }}
      >
        <span className={styles.time}>+{Math.round(event.t - start)} ms</span>
        <span className={styles.text} style={{ gridColumn: lane(event.proc) + 2 }}>
          <span className={styles.who}>{name}: </span>
          {describeEvent(event)}
        </span>
      </li>
    );
  });
}

/**
 * The lab's processes as lanes, their socket events in time order, live. Each row is one
 * event in words ("server: write "Hi, data2" → EPIPE"); the list scrolls, follows the newest
 * event unless the learner scrolled up, and takes focus. The run before this one stays, folded.
 */
export function Timeline({
  processes,
  events,
  previous,
  onClear,
  recording,
}: {
  processes: readonly LabProcessSpec[];
  events: readonly TraceEvent[];
  /** The run before this one, shown folded. */
  previous: LabRunRecord | null;
  onClear: () => void;
  /** False when the runtime records no socket events. */
  recording: boolean;
}) {
  const { list, onScroll } = useFollowNewest(events.length);
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
      <div className={styles.lanes} aria-hidden="true" style={{ gridTemplateColumns: columns(processes) }}>
        <span />
        {processes.map((p) => (
          <span key={p.id} className={styles.laneTitle}>
            {p.title}
          </span>
        ))}
      </div>
      <ol
        className={styles.events}
        tabIndex={0}
        role="log"
        aria-label="Socket events, oldest first"
        ref={list}
        onScroll={onScroll}
      >
        {events.length === 0 ? (
          <li className={styles.empty}>
            {recording
              ? 'Start the processes: their socket events appear here.'
              : 'This runtime does not record socket events yet; run the lab on this computer to see them.'}
          </li>
        ) : null}
        <EventRows processes={processes} events={events} />
      </ol>
      {previous && previous.events.length > 0 ? (
        <details className={styles.previous}>
          <summary>Previous run ({previous.events.length} events)</summary>
          <ol className={styles.events} tabIndex={0} aria-label="Previous run's socket events, oldest first">
            <EventRows processes={processes} events={previous.events} />
          </ol>
        </details>
      ) : null}
    </section>
  );
}
