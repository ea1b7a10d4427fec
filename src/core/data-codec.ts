import { SessionError } from '../errors.js';
import { isSealed, openText, sealText, sealTextPerSecret } from '../keys/seal.js';
import type { ResolvedOptions } from './options.js';
import type { SessionData } from './session.js';

// Sealed data is bound to its record and version, so a value cannot be moved to another session or
// rolled back to an older version without failing to open.
function context(sessionId: string, version: number): string {
  return `${sessionId}|${version}`;
}

/** Data versions sealed under one key: a key seals at most this many stored values. */
export const VERSIONS_PER_DATA_KEY = 2 ** 20;

// The data key's scope (SECURITY.md CR-3): one session and a run of 2^20 of its versions. Both are
// in the record already, so the key costs no stored byte, and no key ever seals more than 2^20 of
// the values a reader can see: far from the 2^32 bound of random 96-bit nonces.
function scope(sessionId: string, version: number): string {
  return `session:${sessionId}:${Math.floor(version / VERSIONS_PER_DATA_KEY)}`;
}

/** Serialises (and seals, when encryption is on) session data for the store. */
export async function encodeData(
  options: ResolvedOptions,
  data: SessionData,
  sessionId: string,
  version: number,
): Promise<string> {
  return sealData(options, serializeData(options, data), sessionId, version);
}

/** Session data as JSON text; ERR_DATA_INVALID unless it is a JSON object within `maxDataBytes`. */
export function serializeData(options: ResolvedOptions, data: SessionData): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SessionError('ERR_DATA_INVALID', 'Session data must be a JSON object');
  }
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch (cause) {
    throw new SessionError('ERR_DATA_INVALID', 'Session data must be JSON-serialisable', { cause });
  }
  if (json.length > options.maxDataBytes) {
    throw new SessionError('ERR_DATA_INVALID', `Session data exceeds ${options.maxDataBytes} bytes`);
  }
  return json;
}

/** Serialised data as the store keeps it: sealed to its record and version when encryption is on. */
export async function sealData(
  options: ResolvedOptions,
  json: string,
  sessionId: string,
  version: number,
): Promise<string> {
  if (!options.encryptData || !options.keyring) return json;
  if (options.dataKeyScope === 'secret')
    return sealTextPerSecret(options.keyring, json, context(sessionId, version));
  return sealText(options.keyring, json, context(sessionId, version), scope(sessionId, version));
}

/** Reads stored data back; sealed values need the keyring, plain JSON is accepted as written. */
export async function decodeData(
  options: ResolvedOptions,
  stored: string,
  sessionId: string,
  version: number,
): Promise<SessionData> {
  let json = stored;
  if (isSealed(stored)) {
    if (!options.keyring) throw new SessionError('ERR_DECRYPT_FAILED', 'Session data could not be opened');
    json = (await openText(options.keyring, stored, context(sessionId, version), scope(sessionId, version)))
      .plaintext;
  }
  try {
    return JSON.parse(json) as SessionData;
  } catch (cause) {
    throw new SessionError('ERR_DATA_INVALID', 'Stored session data is not valid JSON', { cause });
  }
}
