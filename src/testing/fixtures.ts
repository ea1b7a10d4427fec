import { randomToken } from '../lib/random.js';
import { routeTag } from '../session-id/route-tag.js';
import type { StoredRefreshFamily, StoredSession } from '../stores/types.js';

/** A stored session for store tests; ids are random so runs never collide on a shared server. */
export function sampleSession(overrides: Partial<StoredSession> = {}): StoredSession {
  const now = Date.now();
  const userId = overrides.userId ?? `user-${randomToken(6)}`;
  return {
    // Ids carry their user's routing tag, as the manager mints them.
    id: routeTag(userId) + randomToken(14).slice(0, 18),
    userId,
    secretHash: randomToken(32),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 60_000,
    absoluteExpiresAt: now + 3_600_000,
    authTime: now,
    version: 1,
    data: '{"n":0}',
    meta: { ip: '127.0.0.1', userAgent: 'contract', device: 'Chrome 156 on macOS' },
    ...overrides,
  };
}

/** A refresh family for store tests. */
export function sampleFamily(overrides: Partial<StoredRefreshFamily> = {}): StoredRefreshFamily {
  const now = Date.now();
  return {
    id: randomToken(16),
    sessionId: randomToken(16),
    userId: `user-${randomToken(6)}`,
    currentHash: randomToken(32),
    previousHash: null,
    generation: 0,
    rotatedAt: now,
    graceUses: 0,
    createdAt: now,
    expiresAt: now + 60_000,
    absoluteExpiresAt: now + 3_600_000,
    binding: 'client',
    ...overrides,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
