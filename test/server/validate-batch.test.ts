// POST /v1/sessions/validate-batch: each item answers exactly as /v1/sessions/validate would for
// the same input and key (tenants, CSRF tokens, revoked and malformed tokens), the batch's input is
// bounded, and a store outage fails the whole batch closed — on a real Redis behind a real service.
import { afterAll, describe, expect, it } from 'vitest';
import { createCsrfToken } from '../../src/csrf/token.js';
import { MAX_BATCH_ITEMS } from '../../src/server/routes/v1-validate.js';
import { appService, BILLING, SHOP } from '../helpers/app-service.js';
import { RedisFleet } from '../helpers/redis-servers.js';
import { SERVICE_KEY, type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

type Answer = { status: number; body: Record<string, unknown> | null };

function service() {
  const { v1, manager } = appService();
  const post = (key: string, path: string, body: unknown): Promise<Answer> =>
    v1<Answer['body']>(key, 'POST', path, body);
  return { v1: post, manager };
}

describe('POST /v1/sessions/validate-batch', () => {
  it('answers each item as the single call answers it, in order', async () => {
    const { v1, manager } = service();
    const issue = async (key: string, userId: string) =>
      (await v1(key, '/sessions', { userId, data: { user: userId } })).body as {
        token: string;
        session: { id: string };
      };
    const alice = await issue(SHOP, 'alice');
    const bob = await issue(SHOP, 'bob');
    const billing = await issue(BILLING, 'carol');
    const revoked = await issue(SHOP, 'dave');
    await manager.revoke(revoked.session.id);
    const csrf = await createCsrfToken(manager.options.keyring!, alice.session.id);
    const items = [
      { token: alice.token },
      { token: 'not-a-token' },
      { token: billing.token }, // another app's session: invalid for this key, never revealed
      { token: revoked.token },
      { token: bob.token, csrfToken: csrf }, // alice's CSRF token is not bob's
      { token: alice.token, csrfToken: csrf },
    ];

    const batch = await v1(SHOP, '/sessions/validate-batch', { items });
    expect(batch.status).toBe(200);
    const results = (batch.body as { results: Answer[] }).results;
    const single = await Promise.all(items.map((item) => v1(SHOP, '/sessions/validate', item)));
    expect(results).toEqual(single);
    expect(results.map((r) => r.status)).toEqual([200, 401, 401, 401, 200, 200]);
    expect(results.map((r) => (r.body as { csrfValid?: boolean }).csrfValid)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      false,
      true,
    ]);
    expect(results[0]!.body).toMatchObject({ session: { userId: 'alice', data: { user: 'alice' } } });
    // The billing key sees its own session in the same kind of batch.
    const own = await v1(BILLING, '/sessions/validate-batch', { items: [{ token: billing.token }] });
    expect((own.body as { results: Answer[] }).results[0]).toMatchObject({
      status: 200,
      body: { session: { userId: 'carol' } },
    });
  });

  it('refuses input the single call would refuse, and batches past the limit', async () => {
    const { v1 } = service();
    const refused = async (body: unknown) => {
      const res = await v1(SHOP, '/sessions/validate-batch', body);
      return [res.status, (res.body as { error: { code: string } }).error.code];
    };
    const token = 'x'.repeat(60);
    expect(await refused({ items: [] })).toEqual([400, 'ERR_INPUT_INVALID']);
    expect(await refused({ items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ({ token })) })).toEqual([
      400,
      'ERR_INPUT_INVALID',
    ]);
    expect(await refused({ items: [{ token: 'x'.repeat(513) }] })).toEqual([400, 'ERR_INPUT_INVALID']);
    expect(await refused({ items: [{ token, csrfToken: '' }] })).toEqual([400, 'ERR_INPUT_INVALID']);
    expect(await refused({ tokens: [token] })).toEqual([400, 'ERR_INPUT_INVALID']);
    const full = await v1(SHOP, '/sessions/validate-batch', {
      items: Array.from({ length: MAX_BATCH_ITEMS }, () => ({ token })),
    });
    expect(full.status).toBe(200);
    expect((full.body as { results: Answer[] }).results).toHaveLength(MAX_BATCH_ITEMS);
    expect(
      (await v1('ck_wrong-key-of-enough-length', '/sessions/validate-batch', { items: [{ token }] })).status,
    ).toBe(401);
  });
});

describe('validate-batch through coatcheck serve on Redis', () => {
  const fleet = new RedisFleet();
  let service: ServiceProcess | undefined;
  afterAll(async () => {
    await service?.stop();
    await fleet.stop();
  });

  it('validates 64 live sessions in one call, and fails the batch closed while Redis is paused', async () => {
    const redis = await fleet.server();
    service = await startServiceProcess(['--store', `redis://127.0.0.1:${redis.port}`], {
      COATCHECK_STORE_TIMEOUT_MS: '300',
    });
    const call = (path: string, body: unknown) =>
      fetch(`${service!.url}/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const tokens: string[] = [];
    for (let i = 0; i < MAX_BATCH_ITEMS; i++) {
      const res = await call('/sessions', { userId: `user-${i}` });
      tokens.push(((await res.json()) as { token: string }).token);
    }
    const items = tokens.map((token) => ({ token }));
    const live = await call('/sessions/validate-batch', { items });
    expect(live.status).toBe(200);
    const results = (
      (await live.json()) as { results: { status: number; body: { session: { userId: string } } }[] }
    ).results;
    expect(results.map((r) => r.body.session.userId)).toEqual(tokens.map((_, i) => `user-${i}`));

    redis.process.kill('SIGSTOP');
    try {
      const started = performance.now();
      const closed = await call('/sessions/validate-batch', { items });
      expect(closed.status).toBe(503);
      expect(((await closed.json()) as { error: { code: string } }).error.code).toBe('ERR_STORE_UNAVAILABLE');
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      redis.process.kill('SIGCONT');
    }
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await call('/sessions/validate-batch', { items })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  }, 60_000);
});
