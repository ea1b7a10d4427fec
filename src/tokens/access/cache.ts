import { sha256 } from '../../lib/crypto.js';
import { toBase64Url, utf8 } from '../../lib/encoding.js';

interface Entry<T> {
  value: T;
  /** Seconds since the epoch after which the entry is dead (the token's exp plus leeway). */
  until: number;
}

/**
 * A bounded cache of tokens whose signature and claims were already verified, keyed by the
 * SHA-256 of the token (the raw token is not kept). An entry never outlives its token's `exp`
 * (plus leeway); the oldest entry goes first when the cache is full. Revocation checks are not
 * cached: they run on every call.
 */
export class VerifiedTokenCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #max: number;

  constructor(maxEntries: number) {
    this.#max = maxEntries;
  }

  static async key(token: string): Promise<string> {
    return toBase64Url(await sha256(utf8(token)));
  }

  get(key: string, nowSeconds: number): T | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (nowSeconds >= entry.until) {
      this.#entries.delete(key);
      return null;
    }
    return entry.value;
  }

  set(key: string, value: T, until: number): void {
    if (this.#max <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, until });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  get size(): number {
    return this.#entries.size;
  }
}
