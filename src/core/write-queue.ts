/**
 * One lane per key: jobs added while a key's batch is being written wait, and are handed over
 * together as the next batch once it is done. So writes to one key never overlap, writes to
 * different keys never wait for each other (no global lock), and whatever a batch learned (the
 * state it returns) is passed to the next one without a store read. A lane exists only while it
 * has work: the last batch removes it, so keys that end leave nothing behind.
 */
export class KeyedWriteQueue<Job, State> {
  readonly #lanes = new Map<string, { waiting: Job[] }>();

  /**
   * @param flush Writes one batch, settling each job itself; it must not reject. Returns what the
   *   next batch of the same key may start from (undefined: nothing known).
   * @param maxWaiting How many jobs may wait behind a running batch of one key.
   */
  constructor(
    readonly flush: (key: string, jobs: Job[], state: State | undefined) => Promise<State | undefined>,
    readonly maxWaiting: number,
  ) {}

  /** Adds a job; false (and nothing queued) when the key already has `maxWaiting` jobs waiting. */
  add(key: string, job: Job): boolean {
    const lane = this.#lanes.get(key);
    if (lane) {
      if (lane.waiting.length >= this.maxWaiting) return false;
      lane.waiting.push(job);
      return true;
    }
    const fresh = { waiting: [] as Job[] };
    this.#lanes.set(key, fresh);
    void this.#drain(key, fresh, [job]);
    return true;
  }

  /** How many keys have work in progress (for tests and metrics). */
  get activeKeys(): number {
    return this.#lanes.size;
  }

  async #drain(key: string, lane: { waiting: Job[] }, first: Job[]): Promise<void> {
    let batch = first;
    let state: State | undefined;
    for (;;) {
      try {
        state = await this.flush(key, batch, state);
      } catch {
        // flush settles its jobs; a throw here is a bug in it, and must not wedge the lane.
        state = undefined;
      }
      if (lane.waiting.length === 0) {
        this.#lanes.delete(key);
        return;
      }
      batch = lane.waiting;
      lane.waiting = [];
    }
  }
}
