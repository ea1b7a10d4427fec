import { SessionError } from '../errors.js';
import { hkdfSha256, KeyMaterial } from '../lib/crypto.js';
import { utf8 } from '../lib/encoding.js';
import { randomToken } from '../lib/random.js';
import { parseSecrets, type SecretEntry } from './secrets.js';

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
