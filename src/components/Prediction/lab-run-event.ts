/**
 * The contract between a lab and the predictions about it.
 *
 * When the learner runs a lab (starts its processes), the lab dispatches on `window`:
 *
 *   window.dispatchEvent(new CustomEvent('course:lab-run', { detail: { labId: 'close-vs-shutdown' } }))
 *
 * `announceLabRun(labId)` does exactly that. Every <Prediction labId="…"> on the page listens
 * for it and unfolds its explanation when the id is its own. Nothing else depends on it: a
 * prediction's "Show what happens" button works without any lab.
 */
export const LAB_RUN_EVENT = 'course:lab-run';

export interface LabRunDetail {
  readonly labId: string;
}

/** The page's window (in a browser, globalThis itself), or undefined during the static build. */
function pageWindow(): (Window & typeof globalThis) | undefined {
  return typeof window === 'undefined' ? undefined : window;
}

export function announceLabRun(labId: string): void {
  const win = pageWindow();
  win?.dispatchEvent(new win.CustomEvent<LabRunDetail>(LAB_RUN_EVENT, { detail: { labId } }));
}

/** Calls `onRun` whenever the lab `labId` is run; returns the function that stops listening. */
export function onLabRun(labId: string, onRun: () => void): () => void {
  const listener = (event: Event) => {
    const detail = (event as CustomEvent<Partial<LabRunDetail> | null>).detail;
    if (detail?.labId === labId) onRun();
  };
  const win = pageWindow();
  win?.addEventListener(LAB_RUN_EVENT, listener);
  return () => win?.removeEventListener(LAB_RUN_EVENT, listener);
}
