import type { StoredSession } from '../types.js';
import { decodeLegacySession } from './codec-legacy.js';
import { numberText, textNumber } from './number-text.js';

// A session is one Redis string, as small as its bytes (a hash leaves the compact encoding above
// 64-byte values). Layout:
//   flags byte | text head: userId, createdAt, then numbers, meta, each ended by \x1f | hash | data
// The head's numbers are base 62 (number-text.ts), times after createdAt as offsets from it. The
// SHA-256 secret hash is its 32 raw bytes, and data in the shape of coatcheck's sealed envelopes
// (`$e3.<kid>.<nonce>.<ciphertext>`, or the earlier `$e1.`) is kept as bytes (kid length, kid,
// 12-byte nonce, ciphertext) instead of base64: 45 bytes less per sealed session; a flag, not a
// byte, tells the two envelopes apart. Anything else is kept as text; both forms give back exactly
// the string that was stored. The flags byte is a control character (0x10–0x17), which no user id
// starts with: records of the earlier all-text layout are told apart by it.
export const SEP = 0x1f;
/** The flags byte is this plus the flags below. */
export const FLAGS_BASE = 0x10;
/** Flag: the hash is 32 raw bytes (else a length byte and its text). */
export const RAW_HASH = 1;
/** Flag: the data is a sealed envelope as bytes (else UTF-8 text). */
export const SEALED_DATA = 2;
/** Flag, with SEALED_DATA: the envelope is `$e3` (a key per scope), else `$e1`. */
export const SCOPED_KEY = 4;
/** The highest flags value a record of this layout has. */
export const MAX_FLAGS = RAW_HASH | SEALED_DATA | SCOPED_KEY;

/** The head's fields in order. The Lua scripts take their positions from this table. */
export const HEAD_FIELDS = [
  'userId',
  'createdAt',
  'lastSeenAt',
  'expiresAt',
  'absoluteExpiresAt',
  'authTime',
  'version',
  'meta',
] as const;
export type HeadField = (typeof HEAD_FIELDS)[number];

const HASH = /^[A-Za-z0-9_-]{43}$/;
const SEALED = /^\$e([13])\.([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]+)$/;

/** The data part and its flag; also what a data update sends. */
export function encodeData(data: string): { bytes: Buffer; flag: number } {
  const m = SEALED.exec(data);
  if (m) {
    const sealed = Buffer.from(m[4]!, 'base64url');
    // Only a canonical base64url text comes back identical from its bytes (16 nonce characters
    // always are).
    if (sealed.toString('base64url') === m[4]) {
      const kid = Buffer.from(m[2]!, 'latin1');
      const nonce = Buffer.from(m[3]!, 'base64url');
      const flag = m[1] === '3' ? SEALED_DATA | SCOPED_KEY : SEALED_DATA;
      return { bytes: Buffer.concat([Buffer.of(kid.length), kid, nonce, sealed]), flag };
    }
  }
  return { bytes: Buffer.from(data, 'utf8'), flag: 0 };
}

function encodeHash(hash: string): { bytes: Buffer; flag: number } {
  const raw = HASH.test(hash) ? Buffer.from(hash, 'base64url') : null;
  if (raw && raw.toString('base64url') === hash) return { bytes: raw, flag: RAW_HASH };
  const text = Buffer.from(hash, 'utf8');
  if (text.length > 255) throw new RangeError('secretHash is longer than 255 bytes');
  return { bytes: Buffer.concat([Buffer.of(text.length), text]), flag: 0 };
}

export function encodeSession(s: StoredSession): Buffer {
  const since = (t: number): string => numberText(t - s.createdAt);
  const meta = JSON.stringify(s.meta);
  const head: Record<HeadField, string> = {
    userId: s.userId,
    createdAt: numberText(s.createdAt),
    lastSeenAt: since(s.lastSeenAt),
    expiresAt: since(s.expiresAt),
    absoluteExpiresAt: since(s.absoluteExpiresAt),
    authTime: since(s.authTime),
    version: numberText(s.version),
    meta: meta === '{}' ? '' : meta,
  };
  const hash = encodeHash(s.secretHash);
  const data = encodeData(s.data);
  const text = `${HEAD_FIELDS.map((name) => head[name]).join('\x1f')}\x1f`;
  return Buffer.concat([
    Buffer.of(FLAGS_BASE | hash.flag | data.flag),
    Buffer.from(text, 'utf8'),
    hash.bytes,
    data.bytes,
  ]);
}

/** Reads a record back; null for none or a record that does not parse. */
export function decodeSession(id: string, raw: Buffer | string | null | undefined): StoredSession | null {
  if (!raw || raw.length === 0) return null;
  const buf = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const flags = buf[0]! - FLAGS_BASE;
  if (flags < 0 || flags > MAX_FLAGS) return decodeLegacySession(id, buf.toString('utf8'));
  const head: string[] = [];
  let at = 1;
  for (let i = 0; i < HEAD_FIELDS.length; i++) {
    const end = buf.indexOf(SEP, at);
    if (end < 0) return null;
    head.push(buf.toString('utf8', at, end));
    at = end + 1;
  }
  let secretHash: string;
  if (flags & RAW_HASH) {
    secretHash = buf.toString('base64url', at, at + 32);
    at += 32;
  } else {
    secretHash = buf.toString('utf8', at + 1, at + 1 + buf[at]!);
    at += 1 + buf[at]!;
  }
  let data: string;
  if (flags & SEALED_DATA) {
    const kidEnd = at + 1 + buf[at]!;
    const nonce = buf.toString('base64url', kidEnd, kidEnd + 12);
    const envelope = flags & SCOPED_KEY ? '$e3' : '$e1';
    data = `${envelope}.${buf.toString('latin1', at + 1, kidEnd)}.${nonce}.${buf.toString('base64url', kidEnd + 12)}`;
  } else {
    data = buf.toString('utf8', at);
  }
  const [userId, created, lastSeen, expires, absolute, auth, version, meta] = head as [string, ...string[]];
  const createdAt = textNumber(created!);
  return {
    id,
    userId,
    secretHash,
    createdAt,
    lastSeenAt: createdAt + textNumber(lastSeen!),
    expiresAt: createdAt + textNumber(expires!),
    absoluteExpiresAt: createdAt + textNumber(absolute!),
    authTime: createdAt + textNumber(auth!),
    version: textNumber(version!),
    meta: meta ? (JSON.parse(meta) as StoredSession['meta']) : {},
    data,
  };
}
