import { chooseRuntime, needsLocal, type Choice, type LocalState } from './choose-runtime';
import type { LabRuntime, RuntimeKind } from './runtime';
import type { BootGate, BootState } from './webcontainer/boot-gate';
import { WebContainerRuntime } from './webcontainer/webcontainer-runtime';

export interface RuntimeSnapshot {
  readonly webcontainer: BootState;
  readonly local: LocalState;
  readonly preference: RuntimeKind | null;
  readonly choice: Choice;
  /** The runtime that runs the labs now, if any. */
  readonly runtime: LabRuntime | null;
}

export interface RuntimeManagerDeps {
  readonly gate: BootGate;
  /** Opens a session with the local runner; rejects with a reason for the status line. */
  readonly connectLocal: (onDisconnect: (reason: string) => void) => Promise<LabRuntime>;
  /** Where the learner's runtime choice is kept (localStorage in the page). */
  readonly preferenceStore?: { get(): RuntimeKind | null; set(kind: RuntimeKind | null): void };
}

/**
 * The page's runtimes: boots the in-browser one, connects the local one when it is needed,
 * and publishes which one runs the labs and why. One per page, kept across navigation.
 */
export class RuntimeManager {
  private local: LocalState = { status: 'idle' };
  private preference: RuntimeKind | null;
  private webcontainerRuntime: WebContainerRuntime | null = null;
  private snapshot: RuntimeSnapshot;
  private readonly listeners = new Set<() => void>();
  private started = false;

  constructor(private readonly deps: RuntimeManagerDeps) {
    this.preference = deps.preferenceStore?.get() ?? null;
    this.snapshot = this.compute();
    deps.gate.subscribe(() => this.update());
  }

  getSnapshot = (): RuntimeSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called when a lab opens. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.preference !== 'local') void this.deps.gate.start();
    this.update();
  }

  /** The learner picks a runtime (or null for automatic). */
  prefer(kind: RuntimeKind | null): void {
    this.preference = kind;
    this.deps.preferenceStore?.set(kind);
    if (kind === 'webcontainer') void this.deps.gate.start({ skipProbe: true });
    if (kind === 'local' && this.local.status === 'unavailable') this.local = { status: 'idle' };
    this.update();
  }

  /** Try the local runner again (after it was started, or came back). */
  retryLocal(): void {
    if (this.local.status === 'unavailable') {
      this.local = { status: 'idle' };
      this.update();
    }
  }

  private update(): void {
    const wc = this.deps.gate.state;
    if (this.started && this.local.status === 'idle' && needsLocal(wc, this.preference)) this.connectLocal();
    this.snapshot = this.compute();
    for (const listener of this.listeners) listener();
  }

  private connectLocal(): void {
    this.local = { status: 'connecting' };
    this.deps
      .connectLocal((reason) => {
        this.local = { status: 'unavailable', reason };
        this.update();
      })
      .then(
        (runtime) => (this.local = { status: 'ready', runtime }),
        (err: unknown) => (this.local = { status: 'unavailable', reason: (err as Error).message }),
      )
      .finally(() => this.update());
  }

  private compute(): RuntimeSnapshot {
    const wc = this.deps.gate.state;
    if (wc.status === 'ready' && !this.webcontainerRuntime) {
      this.webcontainerRuntime = new WebContainerRuntime(wc.container);
    }
    const choice = chooseRuntime(wc, this.local, this.preference);
    const runtime =
      choice.kind === 'webcontainer'
        ? this.webcontainerRuntime
        : choice.kind === 'local' && this.local.status === 'ready'
          ? this.local.runtime
          : null;
    return { webcontainer: wc, local: this.local, preference: this.preference, choice, runtime };
  }
}
