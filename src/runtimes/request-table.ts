/**
 * Requests waiting for their answers, by id: the one request table of the runtimes (the guest
 * agent's REQ, the runner's request id, the emulator worker's messages). An answer settles the
 * request of its id once; an answer for no waiting request is ignored.
 */
export class RequestTable<Answer> {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (err: Error) => void }>();

  /**
   * Registers a request and sends it: `send` gets its id (a new one, or `id` for a request whose
   * id is fixed). Resolves with its answer; rejects with its failure, or when all are failed.
   */
  request(send: (id: number) => void, id = this.nextId++): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      send(id);
    });
  }

  /** Settles request `id` with its answer; false when no request of that id waits. */
  answer(id: number, answer: Answer): boolean {
    const waiter = this.take(id);
    waiter?.resolve(answer);
    return waiter !== undefined;
  }

  /** Fails request `id`; false when no request of that id waits. */
  fail(id: number, err: Error): boolean {
    const waiter = this.take(id);
    waiter?.reject(err);
    return waiter !== undefined;
  }

  /** Fails every waiting request with `err` (later requests are taken as usual). */
  failAll(err: Error): void {
    const waiters = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of waiters) waiter.reject(err);
  }

  get size(): number {
    return this.waiting.size;
  }

  private take(id: number) {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    return waiter;
  }
}
