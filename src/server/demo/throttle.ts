/**
 * Failed sign-in throttling for the demo: per user name and per client IP, a fixed window of
 * failures. Once a key reaches its limit, attempts on it are refused until its window ends (the
 * answer's `Retry-After`). In memory and bounded: when full, the oldest key is forgotten first.
 */
export class FailureThrottle {
  readonly #windows = new Map<string, { failures: number; until: number }>();
  readonly #limits: { user: number; ip: number; windowMs: number; maxKeys: number };

  constructor(limits: { user: number; ip: number; windowMs: number; maxKeys?: number }) {
    this.#limits = { maxKeys: 10_000, ...limits };
  }

  /** Seconds to wait before another attempt for this user from this IP, or 0 to go ahead. */
  retryAfter(user: string, ip: string, now: number): number {
    const wait = Math.max(
      this.#blocked(`u:${user}`, this.#limits.user, now),
      this.#blocked(`i:${ip}`, this.#limits.ip, now),
    );
    return Math.ceil(wait / 1000);
  }

  failed(user: string, ip: string, now: number): void {
    this.#count(`u:${user}`, now);
    this.#count(`i:${ip}`, now);
  }

  /** A good password clears the user's failures (the IP's stay: it may be guessing others). */
  succeeded(user: string): void {
    this.#windows.delete(`u:${user}`);
  }

  #blocked(key: string, limit: number, now: number): number {
    const w = this.#windows.get(key);
    if (!w || w.until <= now) return 0;
    return w.failures >= limit ? w.until - now : 0;
  }

  #count(key: string, now: number): void {
    const w = this.#windows.get(key);
    if (w && w.until > now) {
      w.failures++;
      return;
    }
    this.#windows.delete(key);
    this.#windows.set(key, { failures: 1, until: now + this.#limits.windowMs });
    if (this.#windows.size > this.#limits.maxKeys) this.#windows.delete(this.#windows.keys().next().value!);
  }
}
