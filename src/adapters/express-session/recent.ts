import type { Located } from './pointer.js';

/** What one process remembers of a sid it has just seen: where its record is. */
export interface RecentEntry {
  at: Located;
  id: string;
  createdAt: number;
  /** The stored cookie's settings, once this process has read the session (see `touch`). */
  cookie?: string;
}

/**
 * A bounded, short-lived memory of sid → record location, so express-session's get-then-touch
 * (or get-then-set) of one request reads the pointer once. Only a hint: a miss on the hinted
 * record is always checked again against the store, so another process's revocation or user
 * change is never hidden by it.
 */
export class RecentPointers {
  readonly #entries = new Map<string, RecentEntry & { until: number }>();

  constructor(
    readonly now: () => number,
    readonly max = 10_000,
    readonly ttlMs = 60_000,
  ) {}

  get(sid: string): RecentEntry | null {
    const entry = this.#entries.get(sid);
    if (!entry) return null;
    if (entry.until <= this.now()) {
      this.#entries.delete(sid);
      return null;
    }
    return entry;
  }

  set(sid: string, entry: RecentEntry): void {
    this.#entries.delete(sid);
    // Map keeps insertion order: the first key is the oldest entry.
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(sid, { ...entry, until: this.now() + this.ttlMs });
  }

  forget(sid: string): void {
    this.#entries.delete(sid);
  }

  clear(): void {
    this.#entries.clear();
  }
}
