import { useEffect, useRef, useState } from 'react';
import type { SharedRun } from '../../../labs/share/shared-run';
import { describeEvent } from '../../../labs/trace/events';
import type { LabProcessSpec } from '../../../labs/types';
import type { KernelEvent } from '../../../runtimes/linux/kernel-events';
import KernelView from '../../KernelView';
import { inSentence } from '../../../labs/in-sentence';
import { contentsOf, listed } from './describe-run';
import styles from './Share.module.css';

/** The longest pause a replay keeps between two events: a 5 s server delay plays in 1.5 s. */
const MAX_REPLAY_GAP_MS = 1500;

const timeOf = (event: KernelEvent) => event.timeUs / 1000;

/**
 * The kernel's events of a shared run, shown whole, or replayed at the run's own pace (long
 * pauses shortened) when the learner asks.
 */
function useReplay(events: readonly KernelEvent[]) {
  const [shown, setShown] = useState(events.length);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const ordered = [...events].sort((a, b) => a.timeUs - b.timeUs);
  const replay = () => {
    window.clearTimeout(timer.current);
    setShown(0);
    const step = (next: number) => {
      setShown(next);
      if (next >= ordered.length) return;
      const gap = next === 0 ? 300 : Math.min(MAX_REPLAY_GAP_MS, timeOf(ordered[next]!) - timeOf(ordered[next - 1]!));
      timer.current = window.setTimeout(() => step(next + 1), Math.max(0, gap));
    };
    step(0);
  };
  return { events: ordered.slice(0, shown), replaying: shown < ordered.length, replay };
}

/** A run someone shared by link, beside the learner's own: clearly a recording, not a run here. */
export function SharedRunPanel({
  run,
  processes,
  asideFor,
}: {
  run: SharedRun;
  processes: readonly LabProcessSpec[];
  /** The files whose learner's own version was put aside for the shared one. */
  asideFor: readonly string[];
}) {
  const kernel = useReplay(run.kernel ?? []);
  const title = (id: string) => processes.find((p) => p.id === id)?.title ?? id;
  const trace = run.trace ?? [];
  const start = trace[0]?.t ?? 0;
  return (
    <section className={styles.shared} aria-labelledby="shared-run-title">
      <h4 id="shared-run-title" className={styles.sharedTitle}>
        A shared run: a recording of someone&apos;s run, not a run on this page
      </h4>
      <p>
        It holds {contentsOf(run, false)}.{' '}
        {run.files.length > 0
          ? `The editor now shows the shared ${run.files.length === 1 ? 'file' : 'files'}; Start runs them here.`
          : 'Start runs the lab here.'}{' '}
        {asideFor.length > 0
          ? `Your own version of ${listed(asideFor)} is put aside: “Back to my version” brings it back.`
          : ''}
        {run.trimmed?.length ? ` Left out to fit the link: ${run.trimmed.join(', ')}.` : ''}
      </p>
      {run.outputs.map((output) => (
        <div key={output.process}>
          <h5>{title(output.process)}, as its terminal showed it</h5>
          <pre className={styles.output} tabIndex={0} aria-label={`${title(output.process)} output, shared`}>
            {output.text}
          </pre>
        </div>
      ))}
      {trace.length > 0 ? (
        <>
          <h5>Socket events, as recorded</h5>
          <ol className={styles.events} aria-label="Shared socket events, oldest first">
            {trace.map((event, i) => (
              <li key={i}>
                +{Math.round(event.t - start)} ms {inSentence(title(event.proc))}: {describeEvent(event)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {run.kernel?.length ? (
        <>
          <h5>Packets and socket states, as that run&apos;s kernel saw them</h5>
          <button
            type="button"
            className="button button--sm button--outline button--secondary"
            onClick={() => {
              if (!kernel.replaying) kernel.replay();
            }}
            aria-disabled={kernel.replaying || undefined}
          >
            {kernel.replaying ? 'Replaying…' : 'Replay the packets at the run’s pace'}
          </button>
          <KernelView events={kernel.events} />
        </>
      ) : null}
    </section>
  );
}
