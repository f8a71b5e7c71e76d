import styles from './Lab.module.css';

/**
 * What an opened lab will look like, at its final size, while its code loads: the page does not
 * jump when the editor and terminals arrive, and the bar shows that something is happening.
 */
export function LabSkeleton({
  stage,
  processes,
  withStatus = true,
}: {
  /** What is loading, in words: "Loading the editor and terminals…". */
  stage: string;
  processes: number;
  /** Whether to hold the runtime status line's place too (it renders before the editor). */
  withStatus?: boolean;
}) {
  return (
    <div className={styles.skeleton} data-testid="lab-skeleton">
      {withStatus ? <div className={styles.skeletonStatus} /> : null}
      <p role="status" className={styles.skeletonStage}>
        <progress aria-label={stage} />
        <span>{stage}</span>
      </p>
      <div className={styles.skeletonEditor} />
      <div className={styles.skeletonHint} />
      <div className={styles.skeletonProcesses}>
        {Array.from({ length: processes }, (_, i) => (
          <div key={i} className={styles.skeletonProcess} />
        ))}
      </div>
    </div>
  );
}
