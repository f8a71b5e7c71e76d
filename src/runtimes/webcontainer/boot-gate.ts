import { raceTimeout } from '../race-timeout';
import type { WebContainerLike } from './webcontainer-like';

/**
 * One WebContainer per page, booted at most once. Its boot never settles when StackBlitz's
 * servers are out of reach, and a second boot() waits on the first forever, so this gate
 * checks what it can first, puts its own limit on the boot, and never boots twice.
 */
export type BootState =
  | { readonly status: 'idle' }
  | { readonly status: 'checking' }
  /** `since` (Date.now()) and `limitMs` let the page show how long the boot may still take. */
  | { readonly status: 'booting'; readonly since?: number; readonly limitMs?: number }
  | { readonly status: 'ready'; readonly container: WebContainerLike }
  /** Not booted, because a check said it cannot work here. `canTryAnyway` when only the reachability probe failed. */
  | { readonly status: 'unavailable'; readonly reason: string; readonly canTryAnyway: boolean }
  /** Booted and failed or ran out of time; only a page reload can boot again. */
  | { readonly status: 'failed'; readonly reason: string };

export type ProbeResult = { readonly reachable: true } | { readonly reachable: false; readonly reason: string };

export interface BootGateDeps {
  /** Why this page cannot run a WebContainer at all (not isolated, no SharedArrayBuffer), or null. */
  readonly isolationProblem: () => string | null;
  /** Whether StackBlitz's servers answer, within `timeoutMs`. */
  readonly probe: (timeoutMs: number) => Promise<ProbeResult>;
  readonly boot: () => Promise<WebContainerLike>;
  readonly probeTimeoutMs: number;
  readonly bootTimeoutMs: number;
}

export interface BootGate {
  readonly state: BootState;
  subscribe(listener: (state: BootState) => void): () => void;
  /** Checks and boots; `skipProbe` boots even when the reachability probe said no. */
  start(options?: { skipProbe?: boolean }): Promise<BootState>;
}

export function createBootGate(deps: BootGateDeps): BootGate {
  let state: BootState = { status: 'idle' };
  let bootCalled = false;
  let inFlight: Promise<BootState> | undefined;
  const listeners = new Set<(state: BootState) => void>();

  const set = (next: BootState): BootState => {
    state = next;
    for (const listener of listeners) listener(next);
    return next;
  };

  async function bootWithLimit(): Promise<BootState> {
    bootCalled = true;
    set({ status: 'booting', since: Date.now(), limitMs: deps.bootTimeoutMs });
    const seconds = Math.round(deps.bootTimeoutMs / 1000);
    const booting = deps.boot();
    try {
      const winner = await raceTimeout(booting, deps.bootTimeoutMs, () => 'timeout' as const);
      if (winner === 'timeout') {
        // The boot may still finish later (a slow network); take it if it does.
        booting.then(
          (container) => set({ status: 'ready', container }),
          () => {},
        );
        return set({
          status: 'failed',
          reason: `the in-browser runtime did not start within ${seconds} s (StackBlitz's servers are unreachable or slow); reload the page to try again`,
        });
      }
      return set({ status: 'ready', container: winner });
    } catch (err) {
      return set({ status: 'failed', reason: `the in-browser runtime failed to start: ${(err as Error).message}` });
    }
  }

  async function run(skipProbe: boolean): Promise<BootState> {
    set({ status: 'checking' });
    const problem = deps.isolationProblem();
    if (problem) return set({ status: 'unavailable', reason: problem, canTryAnyway: false });
    if (!skipProbe) {
      const probe = await deps.probe(deps.probeTimeoutMs);
      if (!probe.reachable) return set({ status: 'unavailable', reason: probe.reason, canTryAnyway: true });
    }
    return bootWithLimit();
  }

  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start(options = {}) {
      if (inFlight) return inFlight;
      if (bootCalled || state.status === 'ready') return Promise.resolve(state);
      if (state.status === 'unavailable' && !(options.skipProbe && state.canTryAnyway)) return Promise.resolve(state);
      inFlight = run(options.skipProbe ?? false).finally(() => (inFlight = undefined));
      return inFlight;
    },
  };
}
