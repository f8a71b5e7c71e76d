import { LocalRuntime } from './local/local-runtime';
import type { RuntimeKind } from './runtime';
import { RuntimeManager } from './runtime-manager';
import { createBootGate } from './webcontainer/boot-gate';
import { EMBEDDER_POLICY } from '../../plugins/isolation-headers';
import { isolationProblem, probeWebContainerServers } from './webcontainer/browser-checks';
import { runCloseSelfCheck } from './webcontainer/close-self-check';

/** A page that is offline learns it within the probe limit; a booting runtime gets the boot limit. */
export const PROBE_TIMEOUT_MS = 1500;
export const BOOT_TIMEOUT_MS = 20_000;
/** The close-behaviour check takes well under a second; a runtime that needs this long is not usable. */
export const SELF_CHECK_LIMIT_MS = 8000;
const PREFERENCE_KEY = 'tcp-course:runtime';

let manager: RuntimeManager | undefined;

const preferenceStore = {
  get(): RuntimeKind | null {
    const value = globalThis.localStorage?.getItem(PREFERENCE_KEY);
    return value === 'local' || value === 'webcontainer' ? value : null;
  },
  set(kind: RuntimeKind | null) {
    if (kind) globalThis.localStorage?.setItem(PREFERENCE_KEY, kind);
    else globalThis.localStorage?.removeItem(PREFERENCE_KEY);
  },
};

/**
 * The page's one RuntimeManager. Module state survives Docusaurus's client-side navigation,
 * so the WebContainer boots once per page load, however many labs are opened.
 */
export function getPageRuntimes(localRunnerUrl: string): RuntimeManager {
  manager ??= new RuntimeManager({
    gate: createBootGate({
      isolationProblem: () => isolationProblem(globalThis),
      probe: (ms) => probeWebContainerServers(ms),
      boot: async () => {
        const { WebContainer } = await import('@webcontainer/api');
        // The policy the headers (or the service worker) put in force on this page.
        return WebContainer.boot({ coep: EMBEDDER_POLICY, workdirName: 'labs' });
      },
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      bootTimeoutMs: BOOT_TIMEOUT_MS,
    }),
    connectLocal: (onDisconnect) => LocalRuntime.connect({ baseUrl: localRunnerUrl, onDisconnect }),
    checkCloseBehaviours: async (container, port) => {
      const { default: source } = await import('../../labs/_self-check/close-behaviours.cjs?raw');
      return runCloseSelfCheck(container, { source, port, limitMs: SELF_CHECK_LIMIT_MS });
    },
    preferenceStore,
  });
  return manager;
}
