/**
 * The contract between a lab and the predictions about it.
 *
 * The lab dispatches `course:lab-run` on `window` when the learner starts one of its processes
 * (`detail: { labId }`), and again when a run has done all of a scenario's steps and reached
 * its end (`detail: { labId, scenario, edited, ended: true }`; `edited`: run with changed code):
 *
 *   window.dispatchEvent(new CustomEvent('course:lab-run', { detail: { labId: 'close-vs-shutdown',
 *     scenario: 'close', edited: false, ended: true } }))
 *
 * `announceLabRun(labId, run?)` does exactly that. A <Prediction labId="…"> unfolds on its own
 * lab's event: on any run, or, when it names a `scenario` (and `edited`), only when a run of
 * that scenario ended (with changed code). Nothing else depends on it: a prediction's
 * "Show what happens" button works without any lab.
 */
export const LAB_RUN_EVENT = 'course:lab-run';

/** A run that did all of a scenario's steps and reached its end. */
export interface ScenarioRun {
  readonly scenario: string;
  readonly edited: boolean;
  readonly ended: true;
}

export interface LabRunDetail extends Partial<ScenarioRun> {
  readonly labId: string;
}

/** The page's window (in a browser, globalThis itself), or undefined during the static build. */
function pageWindow(): (Window & typeof globalThis) | undefined {
  return typeof window === 'undefined' ? undefined : window;
}

export function announceLabRun(labId: string, run?: ScenarioRun): void {
  const win = pageWindow();
  win?.dispatchEvent(new win.CustomEvent<LabRunDetail>(LAB_RUN_EVENT, { detail: { labId, ...run } }));
}

/** Which runs a prediction waits for: any run of its lab, or an ended run of one scenario. */
export interface AwaitedRun {
  readonly scenario?: string;
  /** With `scenario`: whether the run must be of changed code (default: the lab's own code). */
  readonly edited?: boolean;
}

/**
 * Calls `onRun` whenever the lab `labId` is run as `awaited` says; returns the function that
 * stops listening.
 */
export function onLabRun(labId: string, onRun: () => void, awaited: AwaitedRun = {}): () => void {
  const listener = (event: Event) => {
    const detail = (event as CustomEvent<Partial<LabRunDetail> | null>).detail;
    if (detail?.labId !== labId) return;
    if (awaited.scenario !== undefined) {
      if (detail.scenario !== awaited.scenario || detail.ended !== true) return;
      if (detail.edited !== (awaited.edited ?? false)) return;
    }
    onRun();
  };
  const win = pageWindow();
  win?.addEventListener(LAB_RUN_EVENT, listener);
  return () => win?.removeEventListener(LAB_RUN_EVENT, listener);
}
