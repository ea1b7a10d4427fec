// A Redis store that cannot connect says where it tried, why, and the timeout that applied, and
// never shows a password from the URL.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { endpoints } from '../../src/stores/redis/open.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failure(url: string, connectTimeoutMs: number): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  const error = await RedisStore.connect({ connection: { url }, connectTimeoutMs }).then(
    () => {
      throw new Error('connected, but nothing listens there');
    },
    (e: Error) => e,
  );
  return { error, ms: Date.now() - started };
}

describe('Redis connection errors', () => {
  it('nothing listening: host, port, ECONNREFUSED and the connect timeout, no password', async () => {
    const port = await closedPort();
    const { error, ms } = await failure(`redis://app:s3cret-pass@127.0.0.1:${port}`, 400);
    expect(isSessionError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('within 400 ms (connectTimeoutMs)');
    expect(error.message).not.toContain('s3cret-pass');
    expect(error.cause).toBeDefined();
    // The connect timeout bounds the whole attempt: not the 1000 ms command timeout.
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(ms).toBeLessThan(1000);
  });

  it('an unknown host names the host and the resolver error', async () => {
    const { error } = await failure('redis://no-such-host.invalid:6390', 2000);
    expect(error.message).toMatch(/^Could not connect to Redis at no-such-host\.invalid:6390 within 2000 ms/);
    expect(error.message).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  it('names the default port, and every node of a Sentinel group or Cluster, without credentials', () => {
    expect(endpoints({ url: 'redis://:pw@cache.internal' })).toBe('cache.internal:6379');
    expect(endpoints({ sentinel: { name: 'mymaster', nodes: [{ host: '10.0.0.5', port: 26379 }] } })).toBe(
      '10.0.0.5:26379 (Sentinel, primary "mymaster")',
    );
    const cluster = endpoints({
      cluster: { nodes: ['redis://u:pw@10.0.0.7:6379', 'redis://10.0.0.8:7000'] },
    });
    expect(cluster).toBe('10.0.0.7:6379, 10.0.0.8:7000 (Cluster)');
  });
});
