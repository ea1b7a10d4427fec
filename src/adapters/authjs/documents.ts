import type { ManagerContext } from '../../core/gateway.js';
import { SessionError } from '../../errors.js';
import { isSealed, openText, sealText } from '../../keys/seal.js';
import { sha256 } from '../../lib/crypto.js';
import { toBase64Url, utf8 } from '../../lib/encoding.js';

// Auth.js users, accounts and verification tokens as coatcheck store documents: sealed with the
// keyring's data key (OAuth tokens and e-mail addresses are not readable in a store dump), named
// by a hash of what they are looked up by (no address in a key name). A store document cannot be
// deleted, so a deletion writes an empty tombstone that expires a second later.

const TOMBSTONE = '';
const TOMBSTONE_TTL_SECONDS = 1;

/** A document as read: its value (null when absent or deleted) and the version to write against. */
export interface Versioned<T> {
  value: T | null;
  version: number | null;
}

/** Dates Auth.js hands the adapter, restored as Dates after a JSON round trip. */
const DATE_FIELDS = new Set(['emailVerified', 'expires']);

function revive(key: string, value: unknown): unknown {
  return DATE_FIELDS.has(key) && typeof value === 'string' ? new Date(value) : value;
}

/** Store-document access for one manager: JSON, sealed, compare-and-set. */
export class SealedDocuments {
  constructor(readonly c: ManagerContext) {}

  /** The document name of a kind and its lookup parts (hashed, so no value shows in the name). */
  async name(kind: string, ...parts: string[]): Promise<string> {
    const digest = await sha256(
      utf8(parts.map((part) => part.replaceAll('\\', '\\\\').replaceAll('|', '\\|')).join('|')),
    );
    return `authjs:${kind}:${toBase64Url(digest)}`;
  }

  async read<T>(name: string): Promise<Versioned<T>> {
    const doc = await this.c.store('getDocument', (s) => s.getDocument(name));
    if (!doc) return { value: null, version: null };
    if (doc.value === TOMBSTONE) return { value: null, version: doc.version };
    if (!isSealed(doc.value))
      throw new SessionError('ERR_DATA_INVALID', 'A stored Auth.js document is not sealed');
    // Each document is sealed under a key of its own (its name is the scope).
    const { plaintext } = await openText(this.c.keyring!, doc.value, name, name);
    return { value: JSON.parse(plaintext, revive) as T, version: doc.version };
  }

  /** Compare-and-set: writes only if the version is still `expectedVersion` (null: absent). */
  async write(
    name: string,
    value: unknown,
    expectedVersion: number | null,
    ttlSeconds?: number,
  ): Promise<boolean> {
    const sealed = await sealText(this.c.keyring!, JSON.stringify(value), name, name);
    return this.c.store('putDocument', (s) => s.putDocument(name, sealed, expectedVersion, ttlSeconds));
  }

  /** Compare-and-set deletion (a tombstone); false when the document changed meanwhile. */
  remove(name: string, expectedVersion: number): Promise<boolean> {
    return this.c.store('putDocument', (s) =>
      s.putDocument(name, TOMBSTONE, expectedVersion, TOMBSTONE_TTL_SECONDS),
    );
  }

  /**
   * Read, change, compare-and-set, retried a few times on a concurrent write. `change` returns
   * the new value, `null` to delete, or `undefined` to leave the document as it is.
   */
  async update<T>(name: string, change: (current: T | null) => T | null | undefined): Promise<T | null> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const { value, version } = await this.read<T>(name);
      const next = change(value);
      if (next === undefined) return value;
      if (next === null) {
        if (version === null || value === null || (await this.remove(name, version))) return null;
        continue;
      }
      if (await this.write(name, next, version)) return next;
    }
    throw new SessionError('ERR_VERSION_CONFLICT', 'An Auth.js document changed concurrently');
  }
}
