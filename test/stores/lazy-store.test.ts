// lazyStore: a Redis store opened at the first call (Next.js "set up once" modules are evaluated
// by `next build`, where there is no Redis). It passes the public contract on a real Redis, opens
// once for concurrent callers, fails closed while Redis is down and recovers when it is back.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSessionManager, Keyring, lazyStore } from '../../src/index.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import type { SessionStore } from '../../src/stores/types.js';
import { runStoreContract } from '../../src/testing/index.js';

const url = inject('redis').standalone;
const runner = { describe, it, beforeAll, afterAll };
const prefix = () => `cc-lazy-${process.pid}-${Math.random().toString(36).slice(2)}:`;

runStoreContract(
  'lazy (redis)',
  async () => lazyStore(() => RedisStore.connect({ connection: { url }, prefix: prefix() })),
  runner,
);

describe('lazyStore', () => {
  it('opens nothing until the first call, then once for concurrent callers', async () => {
    let opens = 0;
    const store = lazyStore(async () => {
      opens += 1;
      return RedisStore.connect({ connection: { url }, prefix: prefix() });
    });
    const sessions = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
    expect(opens).toBe(0);
    expect(store.kind).toBe('lazy');
    const [a, b] = await Promise.all([
      sessions.create({ userId: 'alice' }),
      sessions.create({ userId: 'alice' }),
    ]);
    expect(opens).toBe(1);
    expect(store.kind).toBe('redis');
    expect((await sessions.validate(a.token)).session?.id).toBe(a.session.id);
    expect(await sessions.list('alice')).toHaveLength(2);
    expect(b.session.userId).toBe('alice');
    await store.close();
  });

  it('a store that cannot open fails the call closed, and the next call tries again', async () => {
    let target = 'redis://127.0.0.1:1';
    let opened: SessionStore | undefined;
    const store = lazyStore(async () => {
      opened = await RedisStore.connect({
        connection: { url: target },
        prefix: prefix(),
        connectTimeoutMs: 300,
      });
      return opened;
    });
    const sessions = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
    await expect(sessions.create({ userId: 'bob' })).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    target = url;
    const created = await sessions.create({ userId: 'bob' });
    expect((await sessions.validate(created.token)).session?.userId).toBe('bob');
    await store.close();
    expect(opened).toBeDefined();
  });

  it('close() before any call opens nothing', async () => {
    let opens = 0;
    const store = lazyStore(async () => {
      opens += 1;
      return RedisStore.connect({ connection: { url } });
    });
    await store.close();
    expect(opens).toBe(0);
  });
});
