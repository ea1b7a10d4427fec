import { randomUUID } from 'node:crypto';
import type { Adapter, AdapterUser } from '@auth/core/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthjsSessions, CoatcheckAdapter, inspectAuthjsStore } from '../../../src/adapters/authjs/index.js';
import { createSessionManager, Keyring, type SessionManager } from '../../../src/index.js';
import { MemoryStore } from '../../../src/stores/memory/index.js';
import { RedisStore } from '../../../src/stores/redis/index.js';
import { RedisFleet, waitFor } from '../../helpers/redis-servers.js';
import { redisStore } from '../../helpers/redis-stores.js';

const fleet = new RedisFleet();
afterAll(() => fleet.stop());

const newUser = (email = `${randomUUID().slice(0, 8)}@example.test`): AdapterUser => ({
  id: randomUUID(),
  email,
  emailVerified: null,
  name: 'Grace',
});

describe('Auth.js users, accounts and verification tokens in coatcheck’s store (Redis)', () => {
  let store: RedisStore;
  let adapter: Required<Adapter>;
  let sessions: AuthjsSessions;

  beforeAll(async () => {
    store = await redisStore('standalone');
    const manager = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
    sessions = new AuthjsSessions({ manager });
    adapter = CoatcheckAdapter(sessions) as Required<Adapter>;
  });
  afterAll(() => store?.close());

  it('createUser / getUser / getUserByEmail round-trip, Dates included; an id is made when missing', async () => {
    const verified = new Date('2026-01-02T03:04:05.678Z');
    const user = await adapter.createUser({ ...newUser(), emailVerified: verified });
    expect(await adapter.getUser(user.id)).toEqual(user);
    expect((await adapter.getUser(user.id))?.emailVerified).toBeInstanceOf(Date);
    expect(await adapter.getUserByEmail(user.email)).toEqual(user);
    expect(await adapter.getUserByEmail('nobody@example.test')).toBeNull();
    const unnamed = await adapter.createUser({ ...newUser(), id: '' });
    expect(unnamed.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an e-mail address belongs to one user: a second createUser is refused', async () => {
    const first = await adapter.createUser(newUser());
    await expect(adapter.createUser(newUser(first.email))).rejects.toMatchObject({
      code: 'ERR_INPUT_INVALID',
    });
    expect(await adapter.getUserByEmail(first.email)).toEqual(first);
  });

  it('updateUser moves the e-mail claim; the old address is free again', async () => {
    const user = await adapter.createUser(newUser());
    const email = `${randomUUID().slice(0, 8)}@example.test`;
    const updated = await adapter.updateUser({ id: user.id, email, name: 'G. Hopper' });
    expect(updated).toEqual({ ...user, email, name: 'G. Hopper' });
    expect(await adapter.getUserByEmail(email)).toEqual(updated);
    expect(await adapter.getUserByEmail(user.email)).toBeNull();
    expect((await adapter.createUser(newUser(user.email))).email).toBe(user.email);
    await expect(adapter.updateUser({ id: randomUUID(), name: 'x' })).rejects.toMatchObject({
      code: 'ERR_NOT_FOUND',
    });
  });

  it('linkAccount / getAccount / getUserByAccount / unlinkAccount', async () => {
    const user = await adapter.createUser(newUser());
    const account = {
      provider: 'github',
      providerAccountId: randomUUID(),
      type: 'oauth' as const,
      userId: user.id,
      access_token: 'gho_not_in_the_store_in_clear',
      expires_at: 1_900_000_000,
    };
    await adapter.linkAccount(account);
    expect(await adapter.getAccount(account.providerAccountId, 'github')).toEqual(account);
    expect(await adapter.getAccount(account.providerAccountId, 'gitlab')).toBeNull();
    expect(await adapter.getUserByAccount(account)).toEqual(user);
    expect(await adapter.unlinkAccount(account)).toEqual(account);
    expect(await adapter.getUserByAccount(account)).toBeNull();
    expect(await adapter.unlinkAccount(account)).toBeUndefined();
  });

  it('keeps OAuth tokens and e-mail addresses sealed: neither is readable in the store', async () => {
    const user = await adapter.createUser(newUser('sealed-check@example.test'));
    await adapter.linkAccount({
      provider: 'github',
      providerAccountId: randomUUID(),
      type: 'oauth',
      userId: user.id,
      access_token: 'gho_sealed_check_token',
    });
    const names = await store.listDocuments!('authjs:');
    expect(names.length).toBeGreaterThan(3);
    const dump = JSON.stringify(await Promise.all(names.map((name) => store.getDocument(name))));
    expect(dump + names.join()).not.toMatch(/sealed-check|gho_sealed_check_token/);
  });

  it('a verification token is used once, only with its identifier, even by two requests at once', async () => {
    const token = {
      identifier: 'ada@example.test',
      token: randomUUID(),
      expires: new Date(Date.now() + 900_000),
    };
    expect(await adapter.createVerificationToken(token)).toEqual(token);
    expect(
      await adapter.useVerificationToken({ identifier: 'eve@example.test', token: token.token }),
    ).toBeNull();
    const both = await Promise.all([
      adapter.useVerificationToken({ identifier: token.identifier, token: token.token }),
      adapter.useVerificationToken({ identifier: token.identifier, token: token.token }),
    ]);
    expect(both.filter(Boolean)).toEqual([token]);
    expect(await adapter.useVerificationToken(token)).toBeNull();
  });

  it('inspectAuthjsStore reads what was stored without spending a verification token', async () => {
    const reader = inspectAuthjsStore(sessions);
    const user = await adapter.createUser(newUser());
    expect(await reader.user(user.id)).toEqual(user);
    const token = { identifier: user.email, token: randomUUID(), expires: new Date(Date.now() + 900_000) };
    await adapter.createVerificationToken(token);
    expect(await reader.verificationToken(token)).toEqual(token);
    expect(await reader.verificationToken(token)).toEqual(token);
    expect(await adapter.useVerificationToken(token)).toEqual(token);
    expect(await reader.verificationToken(token)).toBeNull();
    const sessionToken = randomUUID();
    await adapter.createSession({ sessionToken, userId: user.id, expires: new Date(Date.now() + 60_000) });
    expect(await reader.session(sessionToken)).toMatchObject({ sessionToken, userId: user.id });
    expect(await reader.account({ provider: 'github', providerAccountId: 'none' })).toBeNull();
  });
});

describe('Auth.js adapter failures', () => {
  it('needs a manager with secrets', () => {
    const manager = createSessionManager({ store: new MemoryStore() });
    expect(() => new AuthjsSessions({ manager })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
  });

  it('a store outage fails closed: every session method rejects with ERR_STORE_UNAVAILABLE, never null', async () => {
    const store = await redisStore('standalone', { commandTimeoutMs: 300 });
    const manager: SessionManager = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
    const adapter = CoatcheckAdapter(new AuthjsSessions({ manager })) as Required<Adapter>;
    const user = await adapter.createUser(newUser());
    const sessionToken = randomUUID();
    await adapter.createSession({ sessionToken, userId: user.id, expires: new Date(Date.now() + 3_600_000) });
    await store.close();
    const unavailable = { code: 'ERR_STORE_UNAVAILABLE' };
    await expect(adapter.getSessionAndUser(sessionToken)).rejects.toMatchObject(unavailable);
    await expect(adapter.updateSession({ sessionToken, expires: new Date() })).rejects.toMatchObject(
      unavailable,
    );
    await expect(adapter.deleteSession(sessionToken)).rejects.toMatchObject(unavailable);
    await expect(
      adapter.createSession({
        sessionToken: randomUUID(),
        userId: user.id,
        expires: new Date(Date.now() + 1000),
      }),
    ).rejects.toMatchObject(unavailable);
    await expect(adapter.getUser(user.id)).rejects.toMatchObject(unavailable);
  });

  it('Redis paused (SIGSTOP): ERR_STORE_UNAVAILABLE within the command timeout; intact once it resumes', async () => {
    const server = await fleet.server();
    const store = await RedisStore.connect({
      connection: { url: `redis://127.0.0.1:${server.port}` },
      commandTimeoutMs: 300,
    });
    try {
      const manager = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
      const adapter = CoatcheckAdapter(new AuthjsSessions({ manager })) as Required<Adapter>;
      const user = await adapter.createUser(newUser());
      const sessionToken = randomUUID();
      const session = await adapter.createSession({
        sessionToken,
        userId: user.id,
        expires: new Date(Date.now() + 3_600_000),
      });
      server.process.kill('SIGSTOP');
      try {
        const started = performance.now();
        await expect(adapter.getSessionAndUser(sessionToken)).rejects.toMatchObject({
          code: 'ERR_STORE_UNAVAILABLE',
        });
        expect(performance.now() - started).toBeLessThan(5_000);
      } finally {
        server.process.kill('SIGCONT');
      }
      await waitFor(
        async () =>
          (await Promise.resolve(adapter.getSessionAndUser(sessionToken)).catch(() => null)) !== null,
        'Redis to resume',
      );
      expect(await adapter.getSessionAndUser(sessionToken)).toEqual({ session, user });
    } finally {
      await store.close();
    }
  });
});
