import type { ProbeResult } from './boot-gate';

/** Where WebContainer's boot frame comes from. */
export const WEBCONTAINER_ORIGIN = 'https://stackblitz.com';

/** Why this page cannot host a WebContainer, or null when it can. */
export function isolationProblem(scope: { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown }): string | null {
  if (!scope.crossOriginIsolated) {
    return 'this page is not cross-origin isolated (the server did not send the COOP/COEP headers), so the browser cannot run Node';
  }
  if (typeof scope.SharedArrayBuffer !== 'function') {
    return 'this browser has no SharedArrayBuffer, which the in-browser runtime needs';
  }
  return null;
}

/**
 * A quick look at whether StackBlitz's servers answer, so that an offline page says so in a
 * second or two instead of waiting on a boot that would never finish.
 */
export async function probeWebContainerServers(timeoutMs: number, doFetch: typeof fetch = fetch): Promise<ProbeResult> {
  const host = new URL(WEBCONTAINER_ORIGIN).host;
  try {
    await doFetch(`${WEBCONTAINER_ORIGIN}/headless`, {
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { reachable: true };
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { reachable: false, reason: `${host} did not answer within ${(timeoutMs / 1000).toFixed(1)} s` };
    }
    return { reachable: false, reason: `${host} cannot be reached from this browser (offline, or blocked)` };
  }
}
