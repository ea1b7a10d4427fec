import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { ManualClock, sampleFamily, sampleSession } from '../../src/testing/index.js';

// The memory and SQLite stores read time from the injected clock, as the manager does, so expiry
// can be tested without waiting (and agrees with the manager's clock).
describe.each([
  ['memory', (clock: ManualClock) => new MemoryStore({ clock })],
  ['sqlite', (clock: ManualClock) => new SqliteStore({ path: ':memory:', clock, cleanupIntervalSeconds: 0 })],
])('the %s store on a manual clock', (_name, open) => {
  it('expires sessions, families and documents when the clock says so', async () => {
    const clock = new ManualClock(Date.now() + 365 * 86_400_000);
    const store = open(clock);
    const now = clock.now();
    const session = sampleSession({ createdAt: now, lastSeenAt: now, expiresAt: now + 60_000 });
    const family = { ...sampleFamily(), expiresAt: now + 60_000 };
    await store.create(session);
    await store.createFamily(family);
    await store.putDocument('doc', 'v', null, 60);
    // A year ahead of the system clock: a store reading Date.now() would call all of them live.
    expect((await store.get(session.id))?.id).toBe(session.id);
    expect((await store.getFamily(family.id))?.id).toBe(family.id);
    expect((await store.getDocument('doc'))?.value).toBe('v');
    clock.advance(61);
    expect(await store.get(session.id)).toBeNull();
    expect(await store.getFamily(family.id)).toBeNull();
    expect(await store.getDocument('doc')).toBeNull();
    expect(await store.listByUser(session.userId)).toEqual([]);
    expect(await store.purgeExpired()).toBe(3);
    await store.close();
  });
});
