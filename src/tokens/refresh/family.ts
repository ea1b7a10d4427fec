import type { KeyMaterial } from '../../lib/crypto.js';
import type { StoredRefreshFamily } from '../../stores/types.js';
import { issueRefreshToken } from './tag.js';
import { hashRefreshSecret, mintFamily } from './token.js';

/**
 * A new refresh family for a session, and its first token (returned once, never stored), tagged
 * with `key`, the keyring's current refresh key.
 */
export async function newFamily(
  session: { id: string; userId: string; absoluteExpiresAt?: number | undefined },
  now: number,
  lifetimes: { idleMs: number; absoluteMs: number },
  binding: string,
  key: KeyMaterial,
): Promise<{ family: StoredRefreshFamily; refreshToken: string }> {
  const { familyId, secret } = mintFamily();
  // Never outlives its session's absolute lifetime.
  const absolute = Math.min(
    now + lifetimes.absoluteMs,
    session.absoluteExpiresAt ?? Number.POSITIVE_INFINITY,
  );
  const family: StoredRefreshFamily = {
    id: familyId,
    sessionId: session.id,
    userId: session.userId,
    currentHash: await hashRefreshSecret(secret),
    previousHash: null,
    generation: 0,
    rotatedAt: now,
    graceUses: 0,
    createdAt: now,
    expiresAt: Math.min(now + lifetimes.idleMs, absolute),
    absoluteExpiresAt: absolute,
    binding,
  };
  return { family, refreshToken: await issueRefreshToken(key, familyId, secret) };
}
