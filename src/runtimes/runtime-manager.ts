import { chooseRuntime, needsLocal, type Choice, type LocalState } from './choose-runtime';
import type { LabRuntime, RuntimeKind } from './runtime';
import type { BootGate, BootState } from './webcontainer/boot-gate';
import type { SelfCheckState } from './webcontainer/close-self-check';
import type { WebContainerLike } from './webcontainer/webcontainer-like';
import { WebContainerRuntime } from './webcontainer/webcontainer-runtime';

export interface RuntimeSnapshot {
  readonly webcontainer: BootState;
  readonly local: LocalState;
  readonly preference: RuntimeKind | null;
  readonly choice: Choice;
  /** The runtime that runs the labs now, if any. */
  readonly runtime: LabRuntime | null;
  /** How the in-browser runtime's close behaviours compared with Linux when it booted. */
  readonly selfCheck: SelfCheckState;
}

export interface RuntimeManagerDeps {
  readonly gate: BootGate;
  /** Opens a session with the local runner; rejects with a reason for the status line. */
  readonly connectLocal: (onDisconnect: (reason: string) => void) => Promise<LabRuntime>;
  /** Where the learner's runtime choice is kept (localStorage in the page). */
  readonly preferenceStore?: { get(): RuntimeKind | null; set(kind: RuntimeKind | null): void };
  /**
   * Runs the close-behaviour self-check in a freshly booted WebContainer (on `port`); labs wait
   * for it. Without it the runtime is used as soon as it boots.
   */
  readonly checkCloseBehaviours?: (container: WebContainerLike, port: number) => Promise<SelfCheckState>;
}

/**
 * The page's runtimes: boots the in-browser one, connects the local one when it is needed,
 * and publishes which one runs the labs and why. One per page, kept across navigation.
 */
export class RuntimeManager {
  private local: LocalState = { status: 'idle' };
  private preference: RuntimeKind | null;
  private webcontainerRuntime: WebContainerRuntime | null = null;
  private selfCheck: SelfCheckState = { status: 'idle' };
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

  private startSelfCheck(container: WebContainerLike, runtime: WebContainerRuntime): void {
    const check = this.deps.checkCloseBehaviours;
    if (!check) return;
    this.selfCheck = { status: 'running' };
    void runtime
      .reservePort()
      .then((port) => check(container, port))
      // A check that could not start (its script failed to load, no port) ends as failed, with
      // the reason: the labs wait for the check, so it must always end.
      .catch((err: unknown): SelfCheckState => ({
        status: 'failed',
        reason: `the check could not start: ${err instanceof Error ? err.message : String(err)}`,
      }))
      .then((result) => {
        this.selfCheck = result;
        this.update();
      });
  }

  /** While the self-check runs, labs wait for it (or stay where they run now). */
  private heldForSelfCheck(choice: Choice): Choice {
    if (choice.kind !== 'webcontainer' || this.selfCheck.status !== 'running') return choice;
    const checking = "checking the in-browser runtime's close behaviours against Linux";
    if (this.local.status === 'ready')
      return { kind: 'local', reason: `${checking}; until then this computer runs the lab` };
    return { kind: null, waiting: true, reason: `${checking}…` };
  }

  private compute(): RuntimeSnapshot {
    const wc = this.deps.gate.state;
    if (wc.status === 'ready' && !this.webcontainerRuntime) {
      this.webcontainerRuntime = new WebContainerRuntime(wc.container);
      this.startSelfCheck(wc.container, this.webcontainerRuntime);
    }
    const choice = this.heldForSelfCheck(chooseRuntime(wc, this.local, this.preference));
    const runtime =
      choice.kind === 'webcontainer'
        ? this.webcontainerRuntime
        : choice.kind === 'local' && this.local.status === 'ready'
          ? this.local.runtime
          : null;
    return {
      webcontainer: wc,
      local: this.local,
      preference: this.preference,
      choice,
      runtime,
      selfCheck: this.selfCheck,
    };
  }
}
