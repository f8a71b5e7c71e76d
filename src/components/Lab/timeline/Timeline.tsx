import { useLayoutEffect, useRef } from 'react';
import type { LabRunRecord } from '../../../labs/reference/run-verdict';
import type { TraceEvent } from '../../../labs/trace/events';
import { describeEvent } from '../../../labs/trace/events';
import type { LabProcessSpec } from '../../../labs/types';
import { inSentence } from '../../../labs/in-sentence';
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

function EventRows({
  processes,
  events,
  earlier = 0,
}: {
  processes: readonly LabProcessSpec[];
  events: readonly TraceEvent[];
  /** How many of the first events happened before the run began (a process it took over). */
  earlier?: number;
}) {
  const start = (events[earlier] ?? events[0])?.t ?? 0;
  const lane = (proc: string) =>
    Math.max(
      0,
      processes.findIndex((p) => p.id === proc),
    );
  return events.map((event, i) => {
    const failed = (event.kind === 'write' && event.result !== 'ok') || event.kind === 'error';
    const name = processes[lane(event.proc)] ? inSentence(processes[lane(event.proc)]!.title) : event.proc;
    return (
      <li
        key={i}
        className={styles.event}
        data-failed={failed || undefined}
        style={{ gridTemplateColumns: columns(processes) }}
      >
        <span className={styles.time}>{i < earlier ? 'before' : `+${Math.round(event.t - start)} ms`}</span>
        <span className={styles.text} style={{ gridColumn: lane(event.proc) + 2 }}>
          <span className={styles.who}>{name}: </span>
          {describeEvent(event)}
        </span>
      </li>
    );
  });
}

/** "The server is still running from the previous run: this run includes it." */
function carriedNote(processes: readonly LabProcessSpec[], ids: readonly string[]): string {
  const names = ids.map((id) => inSentence(processes.find((p) => p.id === id)?.title ?? id));
  const who =
    names.length === 1 ? `The ${names[0]} is` : `The ${names.slice(0, -1).join(', ')} and ${names.at(-1)} are`;
  const verb = names.length === 1 ? 'it' : 'them';
  return `${who} still running from the previous run: this run takes ${verb} over, from ${
    names.length === 1 ? 'its' : 'their'
  } start (marked “before”) to the connections made since.`;
}

/**
 * The lab's processes as lanes, their socket events in time order, live. Each row is one
 * event in words ("server: write "Hi, data2" → EPIPE"); the list scrolls, follows the newest
 * event unless the learner scrolled up, and takes focus. The run before this one stays, folded.
 */
export function Timeline({
  processes,
  events,
  carried,
  previous,
  onClear,
  recording,
}: {
  processes: readonly LabProcessSpec[];
  events: readonly TraceEvent[];
  /** Processes this run took over from the one before, still running. */
  carried?: LabRunRecord['carried'];
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
      {carried ? <p className={styles.carried}>{carriedNote(processes, carried.processes)}</p> : null}
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
        <EventRows processes={processes} events={events} earlier={carried?.events ?? 0} />
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
