import BrowserOnly from '@docusaurus/BrowserOnly';
import useBaseUrl from '@docusaurus/useBaseUrl';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import registry from '@lab-registry';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SharedRun } from '../../labs/share/shared-run';
import type { LabSummary } from '../../labs/types';
import { LabGuide } from './LabGuide';
import { bootLinuxEarly, prepareLinuxBoot } from './linux/early-boot';
import { LabSkeleton } from './LabSkeleton';
import { SharedRunOffer } from './share/SharedRunOffer';
import { useSharedRunOffer } from './share/useSharedRunOffer';
import styles from './Lab.module.css';

// Two lazy chunks, fetched together when the learner opens the lab: the runtime and
// its status line (small), and the editor and terminals (Monaco, xterm: large).
const loadOpenedLab = () => import('./OpenedLab');
const preload = () => {
  void loadOpenedLab().then((m) => m.loadWorkbench());
};
const OpenedLab = lazy(loadOpenedLab);

/**
 * Gets the lab ready before the learner reaches for it: when it comes within a screen of the
 * viewport, or when the browser is idle a while after the page has loaded, load the small
 * chunk (which prefetches the editor); near a C lab, in a browser that ran one before, also the
 * Linux machine restored from the cache (not running), and then the editor's code itself.
 * Not sooner: the prefetch would compete with the page's own loading. No runtime is started and
 * no other host is contacted until the lab is opened.
 */
const IDLE_WARM_UP_AFTER_LOAD_MS = 10_000;

/**
 * Calls `task` once the page has loaded, `delayMs` have passed and the browser is idle (or 2 s
 * later at most; soon, where the browser cannot say). Returns what cancels it.
 */
function afterLoadWhenIdle(task: () => void, delayMs = 0): () => void {
  let timer: number | undefined;
  let idle: number | undefined;
  const whenIdle = () => {
    if (window.requestIdleCallback) idle = window.requestIdleCallback(task, { timeout: 2000 });
    else timer = window.setTimeout(task, 200);
  };
  const afterLoad = () => (timer = window.setTimeout(whenIdle, delayMs));
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
  return () => {
    window.removeEventListener('load', afterLoad);
    if (timer !== undefined) window.clearTimeout(timer);
    if (idle !== undefined) window.cancelIdleCallback?.(idle);
  };
}

function useWarmUp(target: React.RefObject<HTMLElement | null>, prepareLinux: (() => void) | null): void {
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    let warmed = false;
    const warm = () => {
      if (warmed) return;
      warmed = true;
      stopWaiting(); // the observer goes on until the lab comes near (it may prepare a machine)
      void loadOpenedLab();
    };
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        prepareLinux?.(); // only near the lab, and only in a browser that ran a C lab before
        warm();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(element);
    const stopWaiting = afterLoadWhenIdle(warm, IDLE_WARM_UP_AFTER_LOAD_MS);
    return () => {
      observer.disconnect();
      stopWaiting();
    };
  }, [target, prepareLinux]);
}

/**
 * On a page with a C lab, in a browser that ran one before: once the page has loaded and the
 * browser is idle, the machine's worker loads v86 and reads the image from the cache (no restore,
 * no guest: a few MB and a background compile), so that a learner who goes straight to the lab
 * (its link in the table of contents) waits only for the restore. Nothing on a first visit.
 */
function useLinuxLoadedAhead(baseUrl: string | null): void {
  useEffect(() => {
    if (baseUrl === null) return;
    return afterLoadWhenIdle(() => void prepareLinuxBoot(baseUrl, false));
  }, [baseUrl]);
}

export interface LabProps {
  /** The folder name under labs/. */
  readonly id: string;
  /** The lab's summary, put here at build time by plugins/labs/remark-lab-summaries.ts. */
  readonly summaryJson?: string;
}

/**
 * A runnable lab inside a lesson. The page's HTML holds the lab's description and what to
 * try; the editor, terminals and runtime load only when the learner opens it.
 */
export default function Lab({ id, summaryJson }: LabProps) {
  const loadContent = registry[id];
  if (!loadContent) throw new Error(`<Lab id="${id}">: there is no labs/${id}/lab.json`);
  if (!summaryJson)
    throw new Error(`<Lab id="${id}">: no summary (is remark-lab-summaries in the docs' remarkPlugins?)`);
  const summary = useMemo(() => JSON.parse(summaryJson) as LabSummary, [summaryJson]);
  const { siteConfig } = useDocusaurusContext();
  const baseUrl = useBaseUrl('/');
  const localRunnerUrl = String(siteConfig.customFields?.['localRunnerUrl'] ?? 'http://127.0.0.1:3100');
  const [open, setOpen] = useState(false);
  const { offer, dismiss } = useSharedRunOffer(id);
  const [shared, setShared] = useState<SharedRun | null>(null);
  const headingId = `lab-${id}`;
  const section = useRef<HTMLElement>(null);
  const opened = useRef<HTMLDivElement>(null);
  const prepareLinux = useCallback(
    () =>
      void prepareLinuxBoot(baseUrl, true).then((prepared) => {
        // A learner back at a C lab they ran before: the editor and terminals' code runs now, while
        // they read (about half a second of this thread), not after their click, when the machine
        // is ready in a fraction of that.
        if (prepared) afterLoadWhenIdle(preload);
      }),
    [baseUrl],
  );
  useWarmUp(section, summary.runtime === 'linux' ? prepareLinux : null);
  useLinuxLoadedAhead(summary.runtime === 'linux' ? baseUrl : null);
  // The "Open the lab" button goes away: focus moves to the opened lab, not back to the page.
  // Without scrolling: focus() brings the element into view centred, and the opened lab (the
  // skeleton at first) is taller than a screen, so its status line and download progress went
  // off the top. It opens where the button was, in view; only when that was at the very bottom
  // (or under the navbar) is the lab's top brought up, below the navbar.
  useEffect(() => {
    const element = opened.current;
    if (!open || !element) return;
    element.focus({ preventScroll: true });
    const { top } = element.getBoundingClientRect();
    const navbar = document.querySelector('.navbar')?.getBoundingClientRect().bottom ?? 0;
    if (top < navbar || top > window.innerHeight - 160) element.scrollIntoView({ block: 'start' });
  }, [open]);
  const loading = <LabSkeleton stage="Loading the lab…" processes={summary.processes.length} />;
  const openLab = () => {
    if (summary.runtime === 'linux') bootLinuxEarly(baseUrl);
    preload();
    setOpen(true);
  };

  return (
    <section className={styles.lab} aria-labelledby={headingId} ref={section}>
      <h3 id={headingId} className={styles.title}>
        Lab: {summary.title}
      </h3>
      <p>{summary.summary}</p>
      <LabGuide summary={summary} />
      <SharedRunOffer
        offer={offer}
        onOpen={(run) => {
          setShared(run);
          dismiss();
          openLab();
        }}
        onDismiss={dismiss}
      />
      {open ? (
        <div
          ref={opened}
          tabIndex={-1}
          className={styles.opened}
          aria-label={`Lab: ${summary.title}, opened`}
          role="group"
        >
          <BrowserOnly fallback={loading}>
            {() => (
              <Suspense fallback={loading}>
                <OpenedLab
                  summary={summary}
                  loadContent={loadContent}
                  localRunnerUrl={localRunnerUrl}
                  shared={shared}
                />
              </Suspense>
            )}
          </BrowserOnly>
        </div>
      ) : (
        <button type="button" className="button button--primary" onClick={openLab}>
          Open the lab
        </button>
      )}
    </section>
  );
}
