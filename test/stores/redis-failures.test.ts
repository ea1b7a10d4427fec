// Redis misbehaving under a real manager: killed and restarted, paused, failed over, resharded.
// Each case runs on servers of its own, so the shared topologies are never disturbed.
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionManager, Keyring, type SessionManager } from '../../src/index.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { cli, field, RedisFleet, waitFor } from '../helpers/redis-servers.js';

const fleets: RedisFleet[] = [];
afterAll(async () => Promise.all(fleets.map((f) => f.stop())));
const newFleet = (): RedisFleet => {
  const fleet = new RedisFleet();
  fleets.push(fleet);
  return fleet;
};
const manager = (store: RedisStore): SessionManager =>
  createSessionManager({ store, secrets: Keyring.generateSecret('k1'), maxSessionsPerUser: 0 });

async function outcome(m: SessionManager, token: string): Promise<'valid' | 'invalid' | 'unavailable'> {
  try {
    return (await m.validate(token)).session ? 'valid' : 'invalid';
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_STORE_UNAVAILABLE') return 'unavailable';
    throw error;
  }
}

describe('Redis failures', () => {
  it('killed: fails closed at once, then recovers by itself with nothing lost (AOF)', async () => {
    const fleet = newFleet();
    const aof = ['--appendonly', 'yes', '--appendfsync', 'always', '--appendfilename', `aof-${Date.now()}`];
    const server = await fleet.server(aof);
    const store = await RedisStore.connect({
      connection: { url: `redis://127.0.0.1:${server.port}` },
      commandTimeoutMs: 300,
    });
    const m = manager(store);
    const issued = await Promise.all(Array.from({ length: 50 }, (_, i) => m.create({ userId: `u${i % 5}` })));
    server.process.kill('SIGKILL');
    await waitFor(async () => (await outcome(m, issued[0]!.token)) === 'unavailable', 'fail closed');
    const started = Date.now();
    expect(await outcome(m, issued[1]!.token)).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(1000);
    await fleet.server(aof, server.port);
    const back = Date.now();
    await waitFor(async () => (await outcome(m, issued[0]!.token)) === 'valid', 'recovery', 15_000);
    const recoveryMs = Date.now() - back;
    const results = await Promise.all(issued.map(({ token }) => outcome(m, token)));
    expect(results.filter((r) => r === 'valid')).toHaveLength(50);
    expect(recoveryMs).toBeLessThan(10_000);
    await store.close();
  });

  it('paused (SIGSTOP): every call is bounded, the event loop keeps running, and it resumes', async () => {
    const fleet = newFleet();
    const server = await fleet.server();
    const store = await RedisStore.connect({
      connection: { url: `redis://127.0.0.1:${server.port}` },
      commandTimeoutMs: 250,
    });
    const m = manager(store);
    const { token } = await m.create({ userId: 'alice' });
    server.process.kill('SIGSTOP');
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 20 }, () => outcome(m, token)));
      const elapsed = Date.now() - started;
      clearInterval(ticker);
      expect(new Set(results)).toEqual(new Set(['unavailable']));
      expect(elapsed).toBeLessThan(1000);
      expect(ticks).toBeGreaterThan(elapsed / 10 / 3);
    } finally {
      server.process.kill('SIGCONT');
    }
    await waitFor(async () => (await outcome(m, token)) === 'valid', 'resume');
    await store.close();
  });

  it('Sentinel failover: sessions written before it still validate after it', async () => {
    const fleet = newFleet();
    const group = await fleet.sentinelGroup('failover');
    const store = await RedisStore.connect({
      connection: {
        sentinel: {
          name: 'failover',
          nodes: group.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
        },
      },
      commandTimeoutMs: 500,
    });
    const m = manager(store);
    const issued = await Promise.all(
      Array.from({ length: 100 }, (_, i) => m.create({ userId: `u${i % 10}` })),
    );
    // Asynchronous replication: wait until the replica has everything acknowledged so far.
    await cli(group.primary.port, 'WAIT', '1', '2000');
    let unavailable = 0;
    let stop = false;
    const traffic = (async () => {
      while (!stop) if ((await outcome(m, issued[0]!.token)) === 'unavailable') unavailable++;
    })();
    const started = Date.now();
    await cli(group.sentinels[0]!.port, 'SENTINEL', 'failover', 'failover');
    await waitFor(
      async () =>
        field(await cli(group.sentinels[0]!.port, 'SENTINEL', 'master', 'failover'), 'port') ===
        String(group.replica.port),
      'promotion',
    );
    await waitFor(
      async () =>
        (await outcome(m, issued[0]!.token)) === 'valid' && (await m.create({ userId: 'after' })) !== null,
      'writes on the new primary',
      20_000,
    );
    const recoveryMs = Date.now() - started;
    stop = true;
    await traffic;
    const results = await Promise.all(issued.map(({ token }) => outcome(m, token)));
    expect(results.filter((r) => r === 'valid')).toHaveLength(100);
    console.log(
      `sentinel failover: recovered in ${recoveryMs} ms, ${unavailable} calls failed closed meanwhile, 0 of 100 sessions lost`,
    );
    await store.close();
  });

  it('Cluster: a slot moving under traffic (MOVED/ASK) loses no session', async () => {
    const fleet = newFleet();
    const nodes = await fleet.cluster(3, 0);
    const store = await RedisStore.connect({
      connection: { cluster: { nodes: nodes.map((n) => `redis://127.0.0.1:${n.port}`) } },
    });
    const m = manager(store);
    const issued = await Promise.all(Array.from({ length: 20 }, () => m.create({ userId: 'mover' })));
    const key = `cc:{${issued[0]!.session.id.slice(0, 4)}}:u`;
    const slot = (await cli(nodes[0]!.port, 'CLUSTER', 'KEYSLOT', key))[0]!;
    const ids = new Map<number, string>();
    for (const n of nodes) ids.set(n.port, (await cli(n.port, 'CLUSTER', 'MYID'))[0]!);
    let source = nodes[0]!;
    for (const n of nodes) if ((await cli(n.port, 'CLUSTER', 'COUNTKEYSINSLOT', slot))[0] !== '0') source = n;
    const target = nodes.find((n) => n.port !== source.port)!;
    await cli(target.port, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', ids.get(source.port)!);
    await cli(source.port, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', ids.get(target.port)!);
    const keys = (await cli(source.port, 'CLUSTER', 'GETKEYSINSLOT', slot, '1000')).filter(Boolean);
    // Half the keys moved: requests now get ASK redirects for those.
    await cli(
      source.port,
      'MIGRATE',
      '127.0.0.1',
      String(target.port),
      '',
      '0',
      '5000',
      'KEYS',
      ...keys.slice(0, keys.length / 2),
    );
    const during = await Promise.all(issued.map(({ token }) => outcome(m, token)));
    await cli(
      source.port,
      'MIGRATE',
      '127.0.0.1',
      String(target.port),
      '',
      '0',
      '5000',
      'KEYS',
      ...keys.slice(keys.length / 2),
    );
    for (const n of nodes) await cli(n.port, 'CLUSTER', 'SETSLOT', slot, 'NODE', ids.get(target.port)!);
    const after = await Promise.all(issued.map(({ token }) => outcome(m, token)));
    expect(during.filter((r) => r === 'valid').length).toBe(20);
    expect(after.filter((r) => r === 'valid').length).toBe(20);
    expect((await m.list('mover')).length).toBe(20);
    expect(await m.revokeAll('mover')).toBe(20);
    await store.close();
    // A fresh cluster and a few dozen redis-cli calls: more than the default 20 s on a busy machine.
  }, 60_000);
});
