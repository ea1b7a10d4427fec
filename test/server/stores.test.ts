import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createSessionManager, Keyring } from '../../src/index.js';
import { startService } from '../../src/server/serve.js';
import { openStore } from '../../src/server/stores.js';
import { RedisFleet, waitFor } from '../helpers/redis-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-store-urls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hostPorts = (nodes: { host: string; port: number }[]) =>
  nodes.map((n) => `${n.host}:${n.port}`).join(',');

describe('--store URLs', () => {
  it('opens every documented form, each a working store', async () => {
    const redis = inject('redis');
    const urls = [
      'memory:',
      `sqlite:${join(dir, 'sessions.db')}`,
      redis.standalone,
      `redis-sentinel://${hostPorts(redis.sentinel.nodes)}/${redis.sentinel.name}`,
      `redis-cluster://${redis.cluster.nodes.map((n) => n.replace('redis://', '')).join(',')}`,
    ];
    const kinds: string[] = [];
    for (const url of urls) {
      const store = await openStore(url);
      try {
        const sessions = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
        const { token } = await sessions.create({ userId: `store-url-${kinds.length}` });
        expect((await sessions.validate(token)).session?.userId, url).toBe(`store-url-${kinds.length}`);
        kinds.push(store.kind);
      } finally {
        await store.close();
      }
    }
    expect(kinds).toEqual(['memory', 'sqlite', 'redis', 'redis', 'redis']);
  });

  it('refuses malformed URLs with ERR_CONFIG_INVALID', async () => {
    for (const url of [
      'postgres://db',
      '',
      'redis-sentinel://127.0.0.1:1',
      'redis-cluster://127.0.0.1',
      'memory',
    ]) {
      await expect(openStore(url), url).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    }
  });

  it('never quotes credentials from a malformed node list in its error', async () => {
    const password = `pw-${Keyring.generateSecret('k1').slice(-12)}`;
    const error: unknown = await openStore(`redis-cluster://:${password}@127.0.0.1:1`).catch((e) => e);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect(String((error as Error).message)).not.toContain(password);
  });
});

describe('/healthz', () => {
  it('answers 503 once the store is down, and 200 again when it is back', async () => {
    const fleet = new RedisFleet();
    const redis = await fleet.server();
    const env = { NODE_ENV: 'test', COATCHECK_SERVICE_KEYS: `ck_${'h'.repeat(40)}` };
    const service = await startService({
      host: '127.0.0.1',
      port: 0,
      store: `redis://127.0.0.1:${redis.port}`,
      demo: false,
      dataDir: dir,
      env,
      say: () => {},
    });
    try {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      redis.process.kill('SIGSTOP');
      await waitFor(
        async () => (await fetch(`${service.url}/healthz`)).status === 503,
        'healthz 503',
        20_000,
      );
      const down = await fetch(`${service.url}/healthz`);
      expect(await down.json()).toEqual({ status: 'unavailable' });
      redis.process.kill('SIGCONT');
      await waitFor(
        async () => (await fetch(`${service.url}/healthz`)).status === 200,
        'healthz 200',
        20_000,
      );
    } finally {
      redis.process.kill('SIGCONT');
      await service.close();
      await fleet.stop();
    }
  });
});
