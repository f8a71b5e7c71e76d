import BrowserOnly from '@docusaurus/BrowserOnly';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import registry from '@lab-registry';
import { lazy, Suspense, useState } from 'react';
import { LabGuide } from './LabGuide';
import styles from './Lab.module.css';

// Two lazy chunks, fetched together when the learner opens the lab: the runtime and
// its status line (small), and the editor and terminals (Monaco, xterm: large).
const loadOpenedLab = () => import('./OpenedLab');
const preload = () => {
  void loadOpenedLab().then((m) => m.loadWorkbench());
};
const OpenedLab = lazy(loadOpenedLab);

export interface LabProps {
  /** The folder name under labs/. */
  readonly id: string;
}

/**
 * A runnable lab inside a lesson. The page's HTML holds the lab's description and what to
 * try; the editor, terminals and runtime load only when the learner opens it.
 */
export default function Lab({ id }: LabProps) {
  const entry = registry[id];
  if (!entry) throw new Error(`<Lab id="${id}">: there is no labs/${id}/lab.json`);
  const { summary, loadFiles } = entry;
  const { siteConfig } = useDocusaurusContext();
  const localRunnerUrl = String(siteConfig.customFields?.['localRunnerUrl'] ?? 'http://127.0.0.1:3100');
  const [open, setOpen] = useState(false);
  const headingId = `lab-${id}`;

  return (
    <section className={styles.lab} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.title}>
        Lab: {summary.title}
      </h3>
      <p>{summary.summary}</p>
      <LabGuide summary={summary} />
      {open ? (
        <BrowserOnly fallback={<p role="status">Loading the lab…</p>}>
          {() => (
            <Suspense fallback={<p role="status">Loading the lab…</p>}>
              <OpenedLab summary={summary} loadFiles={loadFiles} localRunnerUrl={localRunnerUrl} />
            </Suspense>
          )}
        </BrowserOnly>
      ) : (
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            preload();
            setOpen(true);
          }}
        >
          Open the lab
        </button>
      )}
    </section>
  );
}
