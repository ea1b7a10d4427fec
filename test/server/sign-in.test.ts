import { describe, expect, it } from 'vitest';
import { appService, BILLING, SHOP } from '../helpers/app-service.js';

const BROWSER = { ip: '203.0.113.7', userAgent: 'Firefox on Linux' };

type Answer = { status: number; body: Record<string, unknown> & { session?: Record<string, unknown> } };

function service() {
  const { v1, events, app } = appService();
  const post = (key: string, path: string, body: unknown) => v1<Answer['body']>(key, 'POST', path, body);
  return { v1: post, events, app };
}

describe('POST /v1/sessions/sign-in (login() for backends in other languages)', () => {
  it('starts a session with the browser’s metadata and returns its CSRF token', async () => {
    const { v1 } = service();
    const signed = await v1(BILLING, '/sessions/sign-in', {
      userId: 'alice',
      data: { plan: 'pro' },
      meta: BROWSER,
    });
    expect(signed.status).toBe(201);
    expect(signed.body.session).toMatchObject({ userId: 'alice', data: { plan: 'pro' }, meta: BROWSER });
    const { token, csrfToken } = signed.body as { token: string; csrfToken: string };
    const checked = await v1(BILLING, '/sessions/validate', { token, csrfToken });
    expect(checked.body.csrfValid).toBe(true);
    // The token is the new session's: another session's CSRF token does not pass.
    const other = await v1(BILLING, '/sessions/sign-in', { userId: 'bob' });
    const crossed = await v1(BILLING, '/sessions/validate', { token, csrfToken: other.body.csrfToken });
    expect(crossed.body.csrfValid).toBe(false);
  });

  it('ends the session the browser presented, so no id known before the sign-in survives it', async () => {
    const { v1, events } = service();
    const before = await v1(BILLING, '/sessions', { userId: 'mallory' });
    const presentedToken = before.body.token as string;
    const signed = await v1(BILLING, '/sessions/sign-in', { userId: 'alice', presentedToken });
    expect(signed.status).toBe(201);
    expect(signed.body.session?.id).not.toBe(before.body.session?.id);
    expect((await v1(BILLING, '/sessions/validate', { token: presentedToken })).status).toBe(401);
    expect((await v1(BILLING, '/sessions/validate', { token: signed.body.token })).status).toBe(200);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'session.revoked', sessionId: before.body.session?.id }),
    );
  });

  it("leaves another app's session alone, and ignores a presented token that is no session", async () => {
    const { v1 } = service();
    const shops = await v1(SHOP, '/sessions', { userId: 'alice' });
    const signed = await v1(BILLING, '/sessions/sign-in', {
      userId: 'alice',
      presentedToken: shops.body.token,
    });
    expect(signed.status).toBe(201);
    expect((await v1(SHOP, '/sessions/validate', { token: shops.body.token })).status).toBe(200);
    const stale = await v1(BILLING, '/sessions/sign-in', { userId: 'alice', presentedToken: 'not.a-token' });
    expect(stale.status).toBe(201);
  });

  it('refuses bad input with a typed error before any write', async () => {
    const { v1, events } = service();
    for (const body of [{}, { userId: '' }, { userId: 'alice', presentedToken: 'x'.repeat(600) }]) {
      const refused = await v1(BILLING, '/sessions/sign-in', body);
      expect(refused.status).toBe(400);
      expect((refused.body.error as { code: string }).code).toBe('ERR_INPUT_INVALID');
    }
    expect(events.filter((e) => e.type === 'session.created')).toEqual([]);
  });

  it('is described in the OpenAPI document', async () => {
    const { app } = service();
    const doc = (await (await app.request('http://svc.test/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/v1/sessions/sign-in'] ?? {})).toEqual(['post']);
  });
});
