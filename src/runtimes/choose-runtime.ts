import type { LabRuntime, RuntimeKind } from './runtime';
import type { BootState } from './webcontainer/boot-gate';

export type LocalState =
  | { readonly status: 'idle' }
  | { readonly status: 'connecting' }
  | { readonly status: 'ready'; readonly runtime: LabRuntime }
  | { readonly status: 'unavailable'; readonly reason: string };

export type Choice =
  | { readonly kind: RuntimeKind; readonly reason: string }
  | { readonly kind: null; readonly reason: string; readonly waiting: boolean };

const wcDown = (wc: BootState): wc is Extract<BootState, { status: 'unavailable' | 'failed' }> =>
  wc.status === 'unavailable' || wc.status === 'failed';

/** Whether the local runner is needed now: the learner asked for it, or the browser cannot run the code. */
export function needsLocal(wc: BootState, preference: RuntimeKind | null): boolean {
  return preference === 'local' || wcDown(wc);
}

/**
 * Which runtime runs the labs, and the sentence that says why. The in-browser runtime when
 * the browser can run it, else this computer; the learner's own choice wins when it can run.
 */
export function chooseRuntime(wc: BootState, local: LocalState, preference: RuntimeKind | null): Choice {
  if (preference !== 'local') {
    if (wc.status === 'ready') {
      return {
        kind: 'webcontainer',
        reason:
          preference === 'webcontainer'
            ? 'you chose the in-browser runtime'
            : 'this browser can run Node itself, so nothing needs to be installed',
      };
    }
    if (!wcDown(wc)) {
      // Trying the browser on the learner's request: what runs on this computer keeps running
      // until the browser is ready (and if it never is, nothing was lost).
      if (preference === 'webcontainer' && local.status === 'ready') {
        return {
          kind: 'local',
          reason: 'starting the in-browser runtime you chose; until it is ready, this computer runs the lab',
        };
      }
      return { kind: null, waiting: true, reason: 'starting the in-browser runtime…' };
    }
  }

  const whyNotBrowser = wcDown(wc) ? `the in-browser runtime is unavailable: ${wc.reason}` : null;
  switch (local.status) {
    case 'ready':
      return {
        kind: 'local',
        reason:
          preference === 'local'
            ? 'you chose this computer'
            : `${whyNotBrowser ?? 'the in-browser runtime is unavailable'}`,
      };
    case 'idle':
    case 'connecting':
      return {
        kind: null,
        waiting: true,
        reason: `${whyNotBrowser ? `${whyNotBrowser}; ` : ''}connecting to the local runner…`,
      };
    case 'unavailable':
      if (wc.status === 'ready') {
        return { kind: 'webcontainer', reason: `this computer is unavailable (${local.reason})` };
      }
      return {
        kind: null,
        waiting: !wcDown(wc),
        reason: [whyNotBrowser, `this computer is unavailable: ${local.reason}`].filter(Boolean).join('; '),
      };
  }
}
