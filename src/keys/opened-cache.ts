import type { KeyMaterial } from '../lib/crypto.js';

interface Opened {
  context: string;
  key: KeyMaterial;
  plaintext: string;
}

/**
 * The plaintext of recently opened sealed values, so an unchanged session read on every request is
 * decrypted once instead of each time (AES-GCM setup is the largest single cost of a read).
 *
 * A hit needs the exact sealed text (its random nonce makes it unique), the same context (session
 * and version) and the very key object the keyring still hands out for its key id, so a tampered,
 * moved or rolled-back value, a retired key or another keyring always misses and is opened (and
 * authenticated) in full. Bounded in entries and in value size; oldest entries are dropped first.
 * The cached plaintext is what the process holds anyway while it serves that session.
 */
export class OpenedCache {
  readonly #entries = new Map<string, Opened>();

  constructor(
    readonly maxEntries: number,
    readonly maxValueLength: number,
  ) {}

  get(value: string, context: string, key: KeyMaterial): string | null {
    const hit = this.#entries.get(value);
    return hit && hit.context === context && hit.key === key ? hit.plaintext : null;
  }

  set(value: string, context: string, key: KeyMaterial, plaintext: string): void {
    if (value.length > this.maxValueLength || this.maxEntries === 0) return;
    if (this.#entries.size >= this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(value, { context, key, plaintext });
  }

  clear(): void {
    this.#entries.clear();
  }
}
