import { describe, expect, it } from 'vitest';
import { appService, BILLING, OPERATOR, SHOP } from '../helpers/app-service.js';

type Body = Record<string, unknown> & { sessions?: unknown[]; kid?: string };

function service() {
  const { v1 } = appService();
  return (key: string, method: string, path: string, body?: unknown) => v1<Body>(key, method, path, body);
}

describe('tenant isolation between apps (RS-4)', () => {
  it("one app's sessions are invisible to, and not revocable by, another app's key", async () => {
    const v1 = service();
    const created = await v1(BILLING, 'POST', '/sessions', { userId: 'alice', data: { plan: 'pro' } });
    expect(created.status).toBe(201);
    const { token, session } = created.body as {
      token: string;
      session: { id: string; userId: string; version: number };
    };
    expect(session.userId).toBe('alice');

    expect((await v1(SHOP, 'POST', '/sessions/validate', { token })).status).toBe(401);
    expect((await v1(SHOP, 'POST', '/sessions/regenerate', { token })).status).toBe(401);
    expect((await v1(SHOP, 'POST', '/tokens', { token })).status).toBe(401);
    expect((await v1(SHOP, 'GET', '/users/alice/sessions')).body).toEqual({ sessions: [] });
    expect((await v1(SHOP, 'DELETE', `/sessions/${session.id}`)).status).toBe(404);
    expect((await v1(SHOP, 'PATCH', `/sessions/${session.id}/data`, { data: { plan: 'free' } })).status).toBe(
      404,
    );
    expect((await v1(SHOP, 'DELETE', '/users/alice/sessions')).body).toEqual({ revoked: 0 });

    const owned = await v1(BILLING, 'POST', '/sessions/validate', { token });
    expect(owned.status).toBe(200);
    expect(owned.body).toMatchObject({ session: { userId: 'alice', data: { plan: 'pro' } } });
    expect((await v1(BILLING, 'GET', '/users/alice/sessions')).body?.sessions).toHaveLength(1);
    // The operator key sees the stored namespace.
    expect((await v1(OPERATOR, 'GET', '/users/billing:alice/sessions')).body?.sessions).toHaveLength(1);
    expect((await v1(OPERATOR, 'GET', '/users/alice/sessions')).body).toEqual({ sessions: [] });
  });

  it('the same user id in two apps is two users: limits, revoke-all and refresh tokens stay apart', async () => {
    const v1 = service();
    const billing = (await v1(BILLING, 'POST', '/sessions', { userId: 'alice' })).body as { token: string };
    const shop = (await v1(SHOP, 'POST', '/sessions', { userId: 'alice' })).body as { token: string };
    expect((await v1(BILLING, 'DELETE', '/users/alice/sessions')).body).toEqual({ revoked: 1 });
    expect((await v1(SHOP, 'POST', '/sessions/validate', { token: shop.token })).status).toBe(200);
    expect((await v1(BILLING, 'POST', '/sessions/validate', { token: billing.token })).status).toBe(401);

    const pair = (await v1(SHOP, 'POST', '/tokens', { token: shop.token })).body as { refreshToken: string };
    // Another app presenting it is treated as theft: refused, and the family is revoked.
    expect((await v1(BILLING, 'POST', '/tokens/refresh', { refreshToken: pair.refreshToken })).status).toBe(
      401,
    );
    expect((await v1(SHOP, 'POST', '/tokens/refresh', { refreshToken: pair.refreshToken })).status).toBe(401);
    const fresh = (
      await v1(SHOP, 'POST', '/tokens', {
        token: (await v1(SHOP, 'POST', '/sessions', { userId: 'bob' })).body?.token,
      })
    ).body as {
      refreshToken: string;
    };
    expect((await v1(SHOP, 'POST', '/tokens/refresh', { refreshToken: fresh.refreshToken })).status).toBe(
      200,
    );
  });

  it("raw and app namespaces never overlap: an operator cannot create a session in an app's (L1)", async () => {
    const v1 = service();
    const intrusion = await v1(OPERATOR, 'POST', '/sessions', { userId: 'billing:alice' });
    expect(intrusion.status).toBe(400);
    expect(intrusion.body?.error).toMatchObject({ code: 'ERR_INPUT_INVALID' });
    expect((await v1(BILLING, 'GET', '/users/alice/sessions')).body?.sessions).toEqual([]);
    // Raw ids outside the app form stay free, and the operator still administers app users.
    expect((await v1(OPERATOR, 'POST', '/sessions', { userId: 'auth0|alice' })).status).toBe(201);
    expect((await v1(BILLING, 'POST', '/sessions', { userId: 'alice' })).status).toBe(201);
    const administered = await v1(OPERATOR, 'GET', '/users/billing%3Aalice/sessions');
    expect(administered.body?.sessions).toHaveLength(1);
  });

  it("an app's user ids are held to the core's 256 characters after the app prefix (L9)", async () => {
    const v1 = service();
    const fits = 'a'.repeat(256 - 'billing:'.length);
    expect((await v1(BILLING, 'POST', '/sessions', { userId: fits })).status).toBe(201);
    for (const [method, path, body] of [
      ['POST', '/sessions', { userId: `${fits}b` }],
      ['GET', `/users/${fits}b/sessions`, undefined],
      ['DELETE', `/users/${fits}b/sessions`, undefined],
    ] as const) {
      const answer = await v1(BILLING, method, path, body);
      expect(answer.status).toBe(400);
      expect(answer.body?.error).toMatchObject({ code: 'ERR_INPUT_INVALID' });
    }
  });

  it('only an operator key rotates the signing keys every app shares', async () => {
    const v1 = service();
    expect((await v1(SHOP, 'POST', '/keys/rotate')).status).toBe(403);
    const rotated = await v1(OPERATOR, 'POST', '/keys/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body?.kid).toEqual(expect.any(String));
  });

  it('only an operator key withdraws a signing key; it leaves JWKS at once (L4)', async () => {
    const v1 = service();
    const kid = (await v1(OPERATOR, 'POST', '/keys/rotate')).body?.kid as string;
    expect((await v1(SHOP, 'POST', `/keys/${kid}/revoke`)).status).toBe(403);
    expect((await v1(OPERATOR, 'POST', '/keys/no-such-key/revoke')).status).toBe(404);
    expect((await v1(OPERATOR, 'POST', '/keys/bad%20kid/revoke')).status).toBe(400);
    const revoked = await v1(OPERATOR, 'POST', `/keys/${kid}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revoked: kid, signing: expect.any(String) });
  });
});
