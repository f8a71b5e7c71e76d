/**
 * The guest's one emulated CPU, as a queue of steps: what the learner asked for (a Start's files
 * and compile) goes before the page's own background work (compiling while the learner reads,
 * warming up tcc), which is done in small steps so that a Start never waits for more than the
 * step under way. A background step that could take long (the warm-up compile) says how to stop
 * it: when the learner's work arrives it is stopped and set aside, and the learner's step starts
 * at once, while the stopped one ends on its own (it must hold nothing the learner's work needs).
 */
export type Priority = 'learner' | 'background';

interface Waiting {
  readonly priority: Priority;
  readonly start: () => void;
}

export class WorkLane {
  private busy = false;
  /** How to stop the step under way, when it is background work that may be stopped. */
  private stopCurrent: (() => void) | null = null;
  private readonly waiting: Waiting[] = [];
  /** Holds on background work (a learner's Start between writing its files and compiling them). */
  private holds = 0;

  /**
   * Runs `step` once the lane is free and nothing of higher priority waits. `stop`, for a
   * background step, ends it early when the learner's work arrives; the lane does not wait for
   * the stopped step to end.
   */
  async run<T>(priority: Priority, step: () => Promise<T>, stop?: () => void): Promise<T> {
    await this.acquire(priority);
    let held = true;
    const letGo = () => {
      if (!held) return;
      held = false;
      if (this.stopCurrent === setAside) this.stopCurrent = null;
      this.release();
    };
    const setAside = () => {
      stop?.();
      letGo();
    };
    this.stopCurrent = priority === 'background' && stop ? setAside : null;
    try {
      return await step();
    } finally {
      letGo();
    }
  }

  /**
   * Keeps background steps from starting until the returned function is called (or `limitMs`
   * passed): the learner's work comes in several steps (write the files, then compile), and the
   * page's own work must not slip in between them.
   */
  holdBackground(limitMs: number): () => void {
    this.holds++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      this.holds--;
      if (!this.busy) this.release();
    };
    const timer = setTimeout(release, limitMs);
    return release;
  }

  private acquire(priority: Priority): Promise<void> {
    if (!this.busy && (priority === 'learner' || this.holds === 0)) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const entry = { priority, start: resolve };
      if (priority === 'learner') {
        const firstBackground = this.waiting.findIndex((w) => w.priority === 'background');
        this.waiting.splice(firstBackground < 0 ? this.waiting.length : firstBackground, 0, entry);
        const stop = this.stopCurrent;
        this.stopCurrent = null;
        stop?.();
      } else {
        this.waiting.push(entry);
      }
    });
  }

  private release(): void {
    const index = this.holds > 0 ? this.waiting.findIndex((w) => w.priority === 'learner') : 0;
    const next = index < 0 ? undefined : this.waiting.splice(index, 1)[0];
    this.busy = next !== undefined;
    next?.start();
  }
}
