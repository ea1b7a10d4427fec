import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { coatcheck } from '../../src/adapters/express/index.js';
import { coatcheck as coatcheckFastify } from '../../src/adapters/fastify/index.js';
import { coatcheck as coatcheckHono } from '../../src/adapters/hono/index.js';
import { SessionActions } from '../../src/http/index.js';
import { createSessionManager, SessionError } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';

// Forgetting the secrets used to give a half-done sign-in: POST /login created the session, then
// answered 500 when the CSRF token could not be made. Now the cookie flow refuses to be built.
describe('a manager without secrets', () => {
  const bare = () => {
    const store = new MemoryStore();
    return { store, manager: createSessionManager({ store }) };
  };
  const saysWhatToDo = (error: unknown) => {
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).code).toBe('ERR_CONFIG_INVALID');
    expect((error as SessionError).message).toContain('COATCHECK_SECRETS');
    expect((error as SessionError).message).toContain('coatcheck secret generate');
  };

  it('is refused when the Express, Hono or Fastify adapter is built, naming the fix', async () => {
    const { manager } = bare();
    const thrown = (build: () => unknown) => {
      try {
        build();
      } catch (error) {
        return error;
      }
      return null;
    };
    saysWhatToDo(thrown(() => express().use(coatcheck(manager))));
    saysWhatToDo(thrown(() => new Hono().use(coatcheckHono(manager))));
    const app = Fastify();
    void app.register(coatcheckFastify, { manager });
    saysWhatToDo(
      await app.ready().then(
        () => null,
        (error: unknown) => error,
      ),
    );
    await app.close();
  });

  it('creates no session when a sign-in is attempted anyway', async () => {
    const { manager, store } = bare();
    const cookies: unknown[] = [];
    const actions = new SessionActions(
      manager,
      { session: null, token: null },
      {
        cookie: (c) => void cookies.push(c),
        header: () => {},
      },
    );
    await expect(actions.login({ userId: 'alice' })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect(await store.listByUser('alice')).toEqual([]);
    expect(cookies).toEqual([]);
  });

  it('still runs what needs no secrets: the core creates and validates sessions', async () => {
    const { manager } = bare();
    const { token, session } = await manager.create({ userId: 'bob' });
    expect((await manager.validate(token)).session?.id).toBe(session.id);
  });
});

describe('cookie settings are checked when the manager is built', () => {
  const build = (cookie: Record<string, unknown>) => () =>
    createSessionManager({ store: new MemoryStore(), cookie } as Parameters<typeof createSessionManager>[0]);

  it('refuses a __Host- name without Secure, SameSite=None without Secure, a Domain, bad names', () => {
    for (const cookie of [
      { name: '__Host-sid', secure: false },
      { name: '__Secure-sid', secure: false },
      { sameSite: 'None', secure: false },
      { sameSite: 'none' },
      { name: '__Host-sid', domain: 'example.com' },
      { name: 'bad name' },
    ]) {
      expect(build(cookie), JSON.stringify(cookie)).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
      );
    }
  });

  it('accepts the defaults and plain-HTTP development cookies', () => {
    expect(build({})().cookieName).toBe('__Host-sid');
    expect(build({ secure: false })().cookieName).toBe('sid');
    expect(build({ sameSite: 'None', partitioned: true })().cookieName).toBe('__Host-sid');
  });
});
