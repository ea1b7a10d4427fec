import { type MintedSessionToken, mintSessionToken } from '../session-id/session-token.js';
import type { SessionMeta, StoredSession } from '../stores/types.js';
import { decodeData, encodeData } from './data-codec.js';
import { storeExpiry } from './expiry.js';
import type { ResolvedOptions } from './options.js';
import { keptMeta } from './privacy.js';
import type { Session, SessionData, SessionInfo } from './session.js';

export interface NewRecordInput {
  userId: string;
  data: SessionData;
  meta: SessionMeta;
  now: number;
  createdAt?: number;
  authTime: number;
  absoluteExpiresAt: number;
}

/** Mints a token and the record that goes with it (only the secret's hash is in the record). */
export async function buildRecord(
  options: ResolvedOptions,
  input: NewRecordInput,
  preMinted?: MintedSessionToken,
): Promise<{ token: string; record: StoredSession }> {
  const minted = preMinted ?? (await mintSessionToken(input.userId));
  const version = 1;
  const record: StoredSession = {
    id: minted.id,
    userId: input.userId,
    secretHash: minted.secretHash,
    createdAt: input.createdAt ?? input.now,
    lastSeenAt: input.now,
    expiresAt: storeExpiry(options, input.now, input.absoluteExpiresAt),
    absoluteExpiresAt: input.absoluteExpiresAt,
    authTime: input.authTime,
    version,
    data: await encodeData(options, input.data, minted.id, version),
    // Metadata comes from requests: the privacy options apply, and every field is bounded.
    meta: await keptMeta(options.privacy, options.keyring, input.meta),
  };
  return { token: minted.token, record };
}

/** The public view of a stored record, with its data opened. */
export async function toSession<Data extends SessionData>(
  options: ResolvedOptions,
  record: StoredSession,
): Promise<Session<Data>> {
  return {
    id: record.id,
    userId: record.userId,
    data: (await decodeData(options, record.data, record.id, record.version)) as Data,
    version: record.version,
    createdAt: record.createdAt,
    lastSeenAt: record.lastSeenAt,
    idleExpiresAt: record.lastSeenAt + options.idleMs,
    absoluteExpiresAt: record.absoluteExpiresAt,
    authTime: record.authTime,
    meta: record.meta,
  };
}

/** A device-list row: metadata only, never the secret hash or data. */
export function toInfo(options: ResolvedOptions, record: StoredSession, currentId?: string): SessionInfo {
  return {
    id: record.id,
    createdAt: record.createdAt,
    lastSeenAt: record.lastSeenAt,
    idleExpiresAt: Math.min(record.lastSeenAt + options.idleMs, record.absoluteExpiresAt),
    absoluteExpiresAt: record.absoluteExpiresAt,
    ip: record.meta.ip,
    userAgent: record.meta.userAgent,
    device: record.meta.device,
    label: record.meta.label,
    current: record.id === currentId,
  };
}
