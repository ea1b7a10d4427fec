import { SessionError } from '../../errors.js';

interface Pending {
  at: number;
  reject(error: unknown): void;
}

/**
 * Bounds every store call in time with ONE shared timer instead of a timer (or AbortSignal) per
 * command, which costs ~10 µs of CPU per command in node-redis's own per-command timeout. A call
 * past its deadline rejects with ERR_STORE_UNAVAILABLE; a late reply is then ignored.
 */
export class Deadlines {
  readonly #pending = new Set<Pending>();
  readonly #timeoutMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  run<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { at: Date.now() + this.#timeoutMs, reject };
      this.#pending.add(entry);
      this.#ensureTimer();
      work.then(
        (value) => {
          this.#pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.#pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  #ensureTimer(): void {
    if (this.#timer) return;
    const tick = Math.max(5, Math.min(50, Math.floor(this.#timeoutMs / 4)));
    this.#timer = setInterval(() => this.#expire(), tick);
    this.#timer.unref();
  }

  #expire(): void {
    const now = Date.now();
    for (const entry of this.#pending) {
      if (entry.at > now) continue;
      this.#pending.delete(entry);
      entry.reject(
        new SessionError('ERR_STORE_UNAVAILABLE', `Redis did not answer within ${this.#timeoutMs} ms`),
      );
    }
    if (this.#pending.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
