import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter, AdapterUser } from '@auth/core/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthjsSessions,
  CoatcheckAdapter,
  withCoatcheckSessions,
} from '../../../src/adapters/authjs/index.js';
import { createSessionManager, Keyring, type SessionManager, type SessionStore } from '../../../src/index.js';
import { SqliteStore } from '../../../src/stores/sqlite/index.js';
import { redisStore } from '../../helpers/redis-stores.js';
import { type DrizzleUsers, drizzleUsers } from './drizzle-users.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-authjs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const openers: Record<'sqlite' | 'redis' | 'cluster', () => Promise<SessionStore>> = {
  sqlite: async () => new SqliteStore({ path: join(dir, `${randomUUID()}.db`) }),
  redis: () => redisStore('standalone'),
  cluster: () => redisStore('cluster'),
};
const newUser = (): AdapterUser => ({
  id: randomUUID(),
  email: `${randomUUID().slice(0, 8)}@example.test`,
  emailVerified: new Date(Math.floor(Date.now() / 1000) * 1000),
  name: 'Ada',
});

describe.each([
  ['store', 'sqlite'],
  ['store', 'redis'],
  ['store', 'cluster'],
  ['wrap', 'sqlite'],
  ['wrap', 'redis'],
] as const)('Auth.js adapter (%s mode) on %s', (mode, backend) => {
  let store: SessionStore;
  let manager: SessionManager;
  let sessions: AuthjsSessions;
  let adapter: Required<Adapter>;
  let inner: DrizzleUsers;

  beforeAll(async () => {
    store = await openers[backend]();
    manager = createSessionManager({ store, secrets: Keyring.generateSecret('k1'), absoluteTimeout: '30d' });
    sessions = new AuthjsSessions({ manager, meta: () => ({ userAgent: 'Firefox on Linux', label: 'web' }) });
    inner = await drizzleUsers();
    adapter = (
      mode === 'store' ? CoatcheckAdapter(sessions) : withCoatcheckSessions(inner.adapter, sessions)
    ) as Required<Adapter>;
  });
  afterAll(() => store?.close());

  const signIn = async (user: AdapterUser, expires = new Date(Date.now() + 7 * DAY)) => {
    const sessionToken = randomUUID();
    const session = await adapter.createSession({ sessionToken, userId: user.id, expires });
    return { sessionToken, session };
  };

  it('createSession: a coatcheck session in the device list, with only a derived id stored', async () => {
    const user = await adapter.createUser(newUser());
    const { sessionToken, session } = await signIn(user);
    expect(session).toMatchObject({ sessionToken, userId: user.id });
    const handle = await sessions.handleOf(sessionToken);
    expect(handle).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const list = await sessions.list(user.id, sessionToken);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: handle, current: true, userAgent: 'Firefox on Linux', label: 'web' });
    const record = await store.get(handle!);
    expect(JSON.stringify(record)).not.toContain(sessionToken);
    if (mode === 'wrap') expect(inner.sessionRows(), 'no session row in the other database').toBe(0);
  });

  it('getSessionAndUser: the session and its user; unknown and malformed tokens are null', async () => {
    const user = await adapter.createUser(newUser());
    const { sessionToken, session } = await signIn(user);
    expect(await adapter.getSessionAndUser(sessionToken)).toEqual({ session, user });
    expect(await adapter.getSessionAndUser(randomUUID())).toBeNull();
    expect(await adapter.getSessionAndUser('short')).toBeNull();
    expect(await adapter.getSessionAndUser('x'.repeat(600))).toBeNull();
  });

  it('updateSession: moves the expiry as Auth.js renews it, never past the absolute lifetime', async () => {
    const user = await adapter.createUser(newUser());
    const { sessionToken, session } = await signIn(user, new Date(Date.now() + DAY));
    const later = new Date(Date.now() + 2 * DAY);
    const updated = await adapter.updateSession({ sessionToken, expires: later });
    expect(updated?.expires).toEqual(later);
    expect((await adapter.getSessionAndUser(sessionToken))?.session.expires).toEqual(later);
    // Auth.js asks for a year; coatcheck's absolute lifetime (30 days from creation) wins.
    const capped = await adapter.updateSession({ sessionToken, expires: new Date(Date.now() + 365 * DAY) });
    const handle = (await sessions.handleOf(sessionToken))!;
    const record = await store.get(handle);
    expect(capped?.expires.getTime()).toBe(record!.absoluteExpiresAt);
    expect(record!.absoluteExpiresAt - record!.createdAt).toBe(30 * DAY);
    expect(session.expires.getTime()).toBeLessThan(capped!.expires.getTime());
    await expect(adapter.updateSession({ sessionToken, userId: 'someone-else' })).rejects.toMatchObject({
      code: 'ERR_INPUT_INVALID',
    });
    expect(await adapter.updateSession({ sessionToken: randomUUID(), expires: later })).toBeNull();
  });

  it('an expiry Auth.js set in the past ends the session at once', async () => {
    const user = await adapter.createUser(newUser());
    const { sessionToken } = await signIn(user);
    await adapter.updateSession({ sessionToken, expires: new Date(Date.now() - 1000) });
    expect(await adapter.getSessionAndUser(sessionToken)).toBeNull();
    expect(await sessions.list(user.id)).toEqual([]);
  });

  it('deleteSession: signs out that session only', async () => {
    const user = await adapter.createUser(newUser());
    const a = await signIn(user);
    const b = await signIn(user);
    expect((await adapter.deleteSession(a.sessionToken))?.sessionToken).toBe(a.sessionToken);
    expect(await adapter.getSessionAndUser(a.sessionToken)).toBeNull();
    expect(await adapter.getSessionAndUser(b.sessionToken)).not.toBeNull();
    expect(await adapter.deleteSession(a.sessionToken)).toBeNull();
  });

  it('revocation from Node ends the Auth.js session at once (one, all others, all)', async () => {
    const user = await adapter.createUser(newUser());
    const [a, b, c] = [await signIn(user), await signIn(user), await signIn(user)];
    expect(await manager.revoke((await sessions.handleOf(a.sessionToken))!)).toBe(true);
    expect(await adapter.getSessionAndUser(a.sessionToken)).toBeNull();
    expect(await sessions.revokeAll(user.id, { exceptSessionToken: b.sessionToken })).toBe(1);
    expect(await adapter.getSessionAndUser(c.sessionToken)).toBeNull();
    expect(await adapter.getSessionAndUser(b.sessionToken)).not.toBeNull();
    expect(await manager.revokeAll(user.id)).toBe(1);
    expect(await adapter.getSessionAndUser(b.sessionToken)).toBeNull();
    // An in-flight renewal cannot bring a revoked session back (update-only writes).
    expect(
      await adapter.updateSession({ sessionToken: b.sessionToken, expires: new Date(Date.now() + DAY) }),
    ).toBeNull();
    expect(await sessions.list(user.id)).toEqual([]);
  });

  it('deleteUser ends the user’s sessions and removes their accounts', async () => {
    const user = await adapter.createUser(newUser());
    const { sessionToken } = await signIn(user);
    const key = { provider: 'github', providerAccountId: randomUUID() };
    await adapter.linkAccount({ ...key, type: 'oauth', userId: user.id, access_token: 'gho_secret' });
    expect(await adapter.getUserByAccount(key)).toEqual(user);
    await adapter.deleteUser(user.id);
    expect(await adapter.getUser(user.id)).toBeNull();
    expect(await adapter.getSessionAndUser(sessionToken)).toBeNull();
    expect(await adapter.getUserByAccount(key)).toBeNull();
    expect(await sessions.list(user.id)).toEqual([]);
  });

  it('a session of a user the user database no longer has is no session', async () => {
    const user = await adapter.createUser(newUser());
    const { sessionToken } = await signIn({ ...user, id: randomUUID() });
    expect(await adapter.getSessionAndUser(sessionToken)).toBeNull();
  });
});
