import { SessionError } from '../errors.js';
import { hkdfExpand32Sha256, hkdfExtractSha256, hkdfSha256, KeyMaterial } from '../lib/crypto.js';
import { utf8 } from '../lib/encoding.js';
import { randomToken } from '../lib/random.js';
import { parseSecrets, type SecretEntry } from './secrets.js';

/** How many scoped keys (see {@link Keyring.scoped}) a keyring keeps derived: a few MB at most. */
export const SCOPED_KEYS_KEPT = 4096;

/** What a derived key is for; each purpose gets an independent HKDF output. */
export type KeyPurpose = 'csrf' | 'data' | 'refresh' | 'wrap' | 'legacy' | 'ip';

/**
 * Versioned secrets, newest first, with purpose keys derived by HKDF-SHA256. The newest key seals
 * and signs; every known key opens and verifies.
 *
 * @example
 * ```ts
 * import { Keyring } from 'coatcheck';
 * const keyring = Keyring.fromString(process.env.COATCHECK_SECRETS!);
 * const { kid, key } = await keyring.current('data');
 * ```
 */
export class Keyring {
  readonly #entries: readonly SecretEntry[];
  readonly #derived = new Map<string, Promise<KeyMaterial>>();
  // Narrow keys (one per session) are many: the most recently used ones are kept, the rest derived again.
  readonly #scoped = new Map<string, Promise<KeyMaterial>>();
  // HKDF-Extract of each secret, done once: a scoped key is then one HMAC (the Expand step).
  readonly #prk = new Map<string, Promise<KeyMaterial>>();

  private constructor(entries: readonly SecretEntry[]) {
    if (entries.length === 0) throw new SessionError('ERR_CONFIG_INVALID', 'A keyring needs a secret');
    this.#entries = entries;
  }

  /** Parses `"k2:<base64url>,k1:<base64url>"`; weak or malformed secrets throw ERR_CONFIG_WEAK. */
  static fromString(secrets: string): Keyring {
    return new Keyring(parseSecrets(secrets));
  }

  /** A keyring from already-validated entries (newest first). */
  static fromEntries(entries: readonly SecretEntry[]): Keyring {
    return new Keyring(entries);
  }

  /** A fresh random secret string for configuration, e.g. `k1:…`. */
  static generateSecret(kid = 'k1'): string {
    return `${kid}:${randomToken(32)}`;
  }

  /** Key ids, newest first. */
  get kids(): string[] {
    return this.#entries.map((entry) => entry.kid);
  }

  /** The newest key for a purpose, with its key id. */
  async current(purpose: KeyPurpose): Promise<{ kid: string; key: KeyMaterial }> {
    const kid = this.#entries[0]!.kid;
    return { kid, key: await this.#derive(purpose, kid) };
  }

  /** The key for a purpose and key id, or null when that key id is unknown (retired). */
  async byKid(purpose: KeyPurpose, kid: string): Promise<KeyMaterial | null> {
    if (!this.#entries.some((entry) => entry.kid === kid)) return null;
    return this.#derive(purpose, kid);
  }

  /** Every key for a purpose, newest first (for verifying values made by older keys). */
  async all(purpose: KeyPurpose): Promise<{ kid: string; key: KeyMaterial }[]> {
    return Promise.all(
      this.#entries.map(async (entry) => ({ kid: entry.kid, key: await this.#derive(purpose, entry.kid) })),
    );
  }

  /**
   * A key for a purpose, key id and narrower scope (such as one session's data), or null when the
   * key id is unknown. Each scope gets its own HKDF output from the secret, so no one key seals
   * more than its scope's values; the {@link SCOPED_KEYS_KEPT} most recently used are kept.
   *
   * @example
   * ```ts
   * import { Keyring } from 'coatcheck';
   * const keyring = Keyring.fromString(process.env.COATCHECK_SECRETS!);
   * const key = await keyring.scoped('data', keyring.kids[0]!, 'session:abc:0');
   * ```
   */
  async scoped(purpose: KeyPurpose, kid: string, scope: string): Promise<KeyMaterial | null> {
    const cacheKey = `${purpose}:${kid}:${scope}`;
    let derived = this.#scoped.get(cacheKey);
    if (derived) {
      // Most recently used last, so the oldest is the first to go.
      this.#scoped.delete(cacheKey);
    } else {
      const entry = this.#entries.find((e) => e.kid === kid);
      if (!entry) return null;
      let prk = this.#prk.get(kid);
      if (!prk) {
        prk = hkdfExtractSha256(entry.bytes);
        this.#prk.set(kid, prk);
      }
      // HKDF(secret, info) of 32 bytes. A purpose never holds '/', so no scope's info equals a
      // purpose key's info.
      const info = utf8(`coatcheck/v1/${purpose}/${scope}`);
      derived = prk.then((key) => hkdfExpand32Sha256(key, info)).then((b) => new KeyMaterial(b));
      if (this.#scoped.size >= SCOPED_KEYS_KEPT) this.#scoped.delete(this.#scoped.keys().next().value!);
    }
    this.#scoped.set(cacheKey, derived);
    return derived;
  }

  #derive(purpose: KeyPurpose, kid: string): Promise<KeyMaterial> {
    const cacheKey = `${purpose}:${kid}`;
    let derived = this.#derived.get(cacheKey);
    if (!derived) {
      const entry = this.#entries.find((e) => e.kid === kid)!;
      derived = hkdfSha256(entry.bytes, utf8(`coatcheck/v1/${purpose}`), 32).then((b) => new KeyMaterial(b));
      this.#derived.set(cacheKey, derived);
    }
    return derived;
  }

  toJSON(): { kids: string[] } {
    return { kids: this.kids };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Keyring(${this.kids.join(',')})`;
  }
}
