import type { ReferenceTrace } from '../../../labs/reference/reference-trace';
import type { LabSummary } from '../../../labs/types';
import { inSentence } from '../../../labs/in-sentence';
import type { Playback } from './usePlayback';
import styles from './WatchRealLinux.module.css';

/**
 * Where nothing can run a Node lab (no in-browser runtime here, no local service), the lab still
 * shows what it is about: each scenario's recording of real Linux, played in the lab's own
 * terminals and timeline at its real pace, clearly a recording.
 */
export function WatchRealLinux({
  summary,
  references,
  playback,
  onPlay,
  onStop,
}: {
  summary: LabSummary;
  references: readonly ReferenceTrace[];
  playback: Playback;
  onPlay: (reference: ReferenceTrace) => void;
  onStop: () => void;
}) {
  const watchable = summary.scenarios
    .map((scenario) => ({ scenario, reference: references.find((r) => r.scenario === scenario.id) }))
    .filter((s): s is { scenario: (typeof s)['scenario']; reference: ReferenceTrace } =>
      Boolean(s.reference?.terminals?.length),
    );
  if (watchable.length === 0) return null;
  const playing = playback.state === 'playing' ? summary.scenarios.find((s) => s.id === playback.scenario) : undefined;
  return (
    <section className={styles.watch} aria-labelledby={`watch-${summary.id}`}>
      <h4 id={`watch-${summary.id}`} className={styles.title}>
        Watch it on real Linux
      </h4>
      <p className={styles.text}>
        Nothing can run this lab&apos;s programs here, so you can watch them as they ran on real Linux: a recording,
        played in the terminals and the timeline below at its own pace (the server&apos;s pauses are real). Predict
        first: the lesson&apos;s questions unfold once you have watched a run to its end.
      </p>
      <div className={styles.buttons}>
        {playing ? (
          <button type="button" className="button button--sm button--secondary" onClick={onStop}>
            Stop the recording
          </button>
        ) : (
          watchable.map(({ scenario, reference }) => (
            <button
              key={scenario.id}
              type="button"
              className="button button--sm button--primary"
              onClick={() => onPlay(reference)}
            >
              Watch the {inSentence(scenario.title)}
            </button>
          ))
        )}
      </div>
      <p role="status" aria-label="Recording" className={styles.status}>
        {playing ? `Playing the recording of the ${inSentence(playing.title)} (real Linux, not a run here)…` : ''}
      </p>
    </section>
  );
}
