import { createHash } from 'node:crypto';
import { SessionError } from '../errors.js';
import { randomToken } from '../lib/random.js';

/** One configured service key: its SHA-256 (the key itself is not kept) and the app it belongs to. */
export interface ServiceKey {
  /** The app (tenant) name, or null for an operator key that sees every app's sessions. */
  app: string | null;
  hash: Buffer;
}

const NAMED = /^([a-z][a-z0-9-]{0,31})=(.+)$/;

/** The documented key format: `ck_` and at least 32 characters of base64url (256 bits when generated). */
export const SERVICE_KEY_FORMAT = /^ck_[A-Za-z0-9_-]{32,}$/;

/** A new random service key in the documented format: `ck_` + 256 random bits, base64url. */
export function generateServiceKey(): string {
  return `ck_${randomToken(32)}`;
}

/**
 * Parses `COATCHECK_SERVICE_KEYS` entries: `billing=ck_…` is a key of the app "billing"; a bare
 * `ck_…` is an operator key. App names are 1-32 of `[a-z0-9-]`, starting with a letter.
 */
export function parseServiceKeys(entries: readonly string[]): ServiceKey[] {
  return entries.map((entry) => {
    const named = NAMED.exec(entry);
    const key = named ? named[2]! : entry;
    if (!key) throw new SessionError('ERR_CONFIG_INVALID', 'An empty service key was configured');
    // The key itself is never quoted: it is a secret.
    if (!SERVICE_KEY_FORMAT.test(key))
      throw new SessionError(
        'ERR_CONFIG_INVALID',
        'A service key is ck_ and at least 32 characters of [A-Za-z0-9_-] (coatcheck service-key generate)',
      );
    return { app: named ? named[1]! : null, hash: createHash('sha256').update(key).digest() };
  });
}

/** The secret part of an entry (for the production strength check). */
export function serviceKeySecret(entry: string): string {
  return NAMED.exec(entry)?.[2] ?? entry;
}
