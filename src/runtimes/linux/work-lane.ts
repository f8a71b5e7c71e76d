/**
 * The guest's one emulated CPU, as a queue of steps: what the learner asked for (a Start's files
 * and compile) goes before the page's own background work (compiling the lab's files while the
 * learner reads), which is done in small steps (a file written, a file compiled) so that a Start
 * never waits for more than the step under way.
 */
export type Priority = 'learner' | 'background';

interface Waiting {
  readonly priority: Priority;
  readonly start: () => void;
}

export class WorkLane {
  private busy = false;
  private readonly waiting: Waiting[] = [];
  /** Holds on background work (a learner's Start between writing its files and compiling them). */
  private holds = 0;

  /** Runs `step` once the lane is free and nothing of higher priority waits. */
  async run<T>(priority: Priority, step: () => Promise<T>): Promise<T> {
    await this.acquire(priority);
    try {
      return await step();
    } finally {
      this.release();
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
