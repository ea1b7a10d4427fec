import { afterAll, describe, expect, inject, it } from 'vitest';
import { managerContext } from '../../src/core/context.js';
import { queueDataUpdate } from '../../src/core/data.js';
import { SessionActions } from '../../src/http/actions.js';
import { Keyring } from '../../src/keys/keyring.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import type { SessionStore } from '../../src/stores/types.js';
import { countingStore } from '../helpers/counting-store.js';
import { recordSecret } from '../helpers/log-capture.js';
import { setup } from '../helpers/manager.js';
import { redisStore } from '../helpers/redis-stores.js';
import { runWorker } from '../helpers/worker-process.js';

type Counter = { hits: number };
const stores: SessionStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
});

const backends: [string, () => Promise<SessionStore>][] = [
  ['memory', async () => new MemoryStore()],
  ['sqlite', async () => new SqliteStore({ path: ':memory:' })],
  ['redis', () => redisStore('standalone')],
];

describe.each(backends)('parallel writes to one session in one process (%s)', (_name, makeStore) => {
  it('50 parallel updates add 50, none fails, and they share store writes', async () => {
    const inner = await makeStore();
    stores.push(inner);
    const { store, calls } = countingStore(inner);
    const { manager } = setup({ store });
    const { token, session } = await manager.create({ userId: 'alice', data: { hits: 0 } });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        manager.updateData<Counter>(session.id, (d) => ({ hits: d.hits + 1 })),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    // Each update saw the previous one's result: every value from 1 to 50 exactly once.
    const seen = results.map((r) => (r.status === 'fulfilled' ? r.value.hits : -1));
    expect(seen.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await manager.validate<Counter>(token)).session?.data.hits).toBe(50);
    expect(calls.get('updateData')).toBeLessThan(50);
  });

  it("a revoked session's queued updates fail as ended and bring nothing back", async () => {
    const inner = await makeStore();
    stores.push(inner);
    const { store, calls } = countingStore(inner);
    // The first write is held inside the store until the revocation is done, so the queued writes
    // are certain to meet a session that has ended.
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = Object.assign(Object.create(store) as SessionStore, {
      async updateData(id: string, version: number, data: string) {
        await gate;
        return store.updateData(id, version, data);
      },
    });
    const { manager } = setup({ store: held });
    const { token, session } = await manager.create({ userId: 'alice', data: { hits: 0 } });
    const bump = () => manager.updateData<Counter>(session.id, (d) => ({ hits: d.hits + 1 }));
    const writes = Array.from({ length: 21 }, bump);
    expect(await manager.revoke(session.id)).toBe(true);
    release();
    for (const outcome of await Promise.allSettled(writes)) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'ERR_SESSION_REVOKED' } });
    }
    expect((await manager.validate(token)).session).toBeNull();
    expect(await inner.get(session.id)).toBeNull();
    expect(await inner.listByUser('alice')).toEqual([]);
    expect(calls.get('create')).toBe(1);
  });
});

describe('the write queue inside a request', () => {
  it('a read after a write in the same request sees it, and a later set uses the new version', async () => {
    const { manager } = setup();
    const { session } = await manager.create({ userId: 'alice', data: { hits: 0 } });
    const written = await queueDataUpdate<Counter>(
      manager[managerContext],
      session.id,
      (d) => ({ hits: d.hits + 1 }),
      {
        start: { version: session.version, data: session.data },
      },
    );
    expect(written).toMatchObject({ data: { hits: 1 }, stored: { hits: 1 }, version: session.version + 1 });
    expect(await manager.setData({ id: session.id, version: written.version }, { hits: 7 })).toBe(
      written.version + 1,
    );
  });

  it('through SessionActions: parallel updates of one request each, and each request then sees its write', async () => {
    const { manager } = setup();
    const { token } = await manager.create({ userId: 'alice', data: { hits: 0 } });
    const effects = { cookie: () => {}, header: () => {} };
    const requests = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const { session } = await manager.validate(token);
        const actions = new SessionActions(manager, { session, token }, effects);
        const own = await actions.update<Counter>((d) => ({ hits: d.hits + 1 }));
        return {
          own: own.hits,
          seen: (actions.session!.data as Counter).hits,
          version: actions.session?.version,
        };
      }),
    );
    for (const r of requests) expect(r.seen).toBeGreaterThanOrEqual(r.own);
    const stored = await manager.validate<Counter>(token);
    expect(stored.session?.data.hits).toBe(20);
    expect(Math.max(...requests.map((r) => r.version ?? 0))).toBe(stored.session?.version);
  });

  it('a change that throws fails alone; the others in its batch are written', async () => {
    const { manager } = setup();
    const { token, session } = await manager.create({ userId: 'alice', data: { hits: 0 } });
    const bump = () => manager.updateData<Counter>(session.id, (d) => ({ hits: d.hits + 1 }));
    const outcomes = await Promise.allSettled([
      bump(),
      bump(),
      manager.updateData(session.id, () => {
        throw new Error('app bug');
      }),
      bump(),
      manager.updateData(session.id, () => ({ big: 'x'.repeat(100_000) })),
      bump(),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(outcomes[4]).toMatchObject({ reason: { code: 'ERR_DATA_INVALID' } });
    expect((await manager.validate<Counter>(token)).session?.data.hits).toBe(4);
  });

  it('an explicit compare-and-set still conflicts when the app read an old version', async () => {
    const { manager } = setup();
    const { session } = await manager.create({ userId: 'alice', data: { hits: 0 } });
    await manager.updateData<Counter>(session.id, (d) => ({ hits: d.hits + 1 }));
    await expect(manager.setData(session, { hits: 9 })).rejects.toMatchObject({
      code: 'ERR_VERSION_CONFLICT',
    });
  });
});

// Two app processes on one Redis: each queues its own writes; compare-and-set settles the rest.
const worker = `
  const { createSessionManager } = await import('./dist/index.js');
  const { RedisStore } = await import('./dist/stores/redis/index.js');
  const [url, prefix, secrets, sessionId] = process.argv.slice(1);
  const store = await RedisStore.connect({ connection: { url }, prefix });
  const m = createSessionManager({ store, secrets });
  const results = await Promise.allSettled(
    Array.from({ length: 200 }, () => m.updateData(sessionId, (d) => ({ hits: d.hits + 1 }))),
  );
  await store.close();
  console.log(results.filter((r) => r.status === 'rejected').length);
`;

const run = (args: string[]): Promise<string> => runWorker(worker, args);

describe('parallel writes to one session from two processes', () => {
  it('lose no update', async () => {
    const prefix = `t:${crypto.randomUUID().slice(0, 8)}:`;
    const secrets = Keyring.generateSecret('k1');
    recordSecret(secrets);
    const { RedisStore } = await import('../../src/stores/redis/index.js');
    const store = await RedisStore.connect({ connection: { url: inject('redis').standalone }, prefix });
    stores.push(store);
    const { manager } = setup({ store, secrets });
    const { token, session } = await manager.create({ userId: 'alice', data: { hits: 0 } });
    const failed = await Promise.all(
      [1, 2].map(() => run([inject('redis').standalone, prefix, secrets, session.id])),
    );
    const hits = (await manager.validate<Counter>(token)).session?.data.hits;
    expect(hits).toBe(400 - failed.map(Number).reduce((a, b) => a + b, 0));
    expect(failed).toEqual(['0', '0']);
  });
});
