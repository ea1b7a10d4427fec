// App-bound access tokens (M1), end to end: `coatcheck serve` on Redis with an operator key and
// two apps' keys, tokens obtained over HTTP, verified by the TypeScript verifier against the
// service's JWKS and by the Python verifier (clients/python/e2e_tenants).
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { createServiceApp } from '../../src/server/app.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import {
  createAccessTokenVerifier,
  createTokenService,
  type RevocationCheck,
} from '../../src/tokens/index.js';
import { recordSecret } from '../helpers/log-capture.js';
import { setup } from '../helpers/manager.js';
import { runPytest } from '../helpers/python-process.js';
import { SERVICE_KEY, type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';
import { decodeJws } from '../helpers/tokens.js';

const BILLING = `ck_${randomBytes(32).toString('base64url')}`;
const SHOP = `ck_${randomBytes(32).toString('base64url')}`;
const PREFIX = `m1:${randomUUID().slice(0, 8)}:`;

let service: ServiceProcess;
let store: RedisStore;
let base: string;

beforeAll(async () => {
  recordSecret(BILLING, SHOP);
  const redis = inject('redis').standalone;
  service = await startServiceProcess(['--store', `${redis}?prefix=${PREFIX}`], {
    COATCHECK_SERVICE_KEYS: `${SERVICE_KEY},billing=${BILLING},shop=${SHOP}`,
  });
  // The service signs as the URL it prints (the issuer default).
  base = service.url;
  store = await RedisStore.connect({ connection: { url: redis }, prefix: PREFIX });
}, 60_000);
afterAll(async () => {
  await Promise.all([service?.stop(), store?.close()]);
});

/** The fields of the `/v1` answers these tests read. */
interface Answer {
  token: string;
  session: { id: string; userId: string };
  accessToken: string;
  refreshToken: string;
}

async function v1(key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Answer };
}

/** A session for `userId` through `key`, and its first token pair. */
async function signIn(key: string, userId: string) {
  const created = await v1(key, 'POST', '/sessions', { userId });
  expect(created.status).toBe(201);
  const pair = await v1(key, 'POST', '/tokens', { token: created.body.token });
  expect(pair.status).toBe(200);
  return {
    token: created.body.token,
    sessionId: created.body.session.id,
    accessToken: pair.body.accessToken,
    refreshToken: pair.body.refreshToken,
  };
}

function verifierFor(audience: string, revocation?: RevocationCheck) {
  const jwksUrl = `${base}/.well-known/jwks.json`;
  return createAccessTokenVerifier({
    jwksUrl,
    issuer: base,
    audience,
    ...(revocation ? { revocation } : {}),
  });
}

async function refused(verifying: Promise<unknown>): Promise<void> {
  const error = await verifying.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isSessionError(error, 'ERR_TOKEN_INVALID'), String(error)).toBe(true);
  expect((error as Error).message).toBe('invalid_token');
}

describe('app-bound access tokens over HTTP on Redis (M1)', () => {
  it("a token minted for one app is refused by another app's verifier (TypeScript verifier)", async () => {
    const billing = await signIn(BILLING, 'alice');
    const shop = await signIn(SHOP, 'alice');
    const verified = await verifierFor('billing').verify(billing.accessToken);
    expect(verified).toMatchObject({ userId: 'alice', app: 'billing', sessionId: billing.sessionId });
    expect((await verifierFor('shop').verify(shop.accessToken)).sessionId).toBe(shop.sessionId);
    await refused(verifierFor('shop').verify(billing.accessToken));
    await refused(verifierFor('billing').verify(shop.accessToken));
    await refused(verifierFor('coatcheck').verify(billing.accessToken));
    expect(decodeJws(billing.accessToken).payload).toMatchObject({
      aud: 'billing',
      sub: 'alice',
      app: 'billing',
    });
  });

  it('operator tokens keep the service audience and name no app', async () => {
    const operator = await signIn(SERVICE_KEY, `op-${randomUUID()}`);
    const { payload } = decodeJws(operator.accessToken);
    expect(payload.aud).toBe('coatcheck');
    expect(payload).not.toHaveProperty('app');
    expect((await verifierFor('coatcheck').verify(operator.accessToken)).app).toBeNull();
    await refused(verifierFor('billing').verify(operator.accessToken));
  });

  it('one user id means one thing through the cookie and the bearer token, revocation included', async () => {
    const user = `bob-${randomUUID()}`;
    const billing = await signIn(BILLING, user);
    const byCookie = await v1(BILLING, 'POST', '/sessions/validate', { token: billing.token });
    expect(byCookie.body.session.userId).toBe(user);
    // A verifier with the store checks the session behind the app-relative `sub` (one Redis read).
    const checked = verifierFor('billing', { store, session: true });
    expect((await checked.verify(billing.accessToken)).userId).toBe(user);
    expect((await v1(BILLING, 'DELETE', `/sessions/${billing.sessionId}`)).status).toBe(204);
    await refused(checked.verify(billing.accessToken));
  });

  it('refresh tokens stay with their app, and refreshed tokens keep its audience', async () => {
    const billing = await signIn(BILLING, `carol-${randomUUID()}`);
    const next = await v1(BILLING, 'POST', '/tokens/refresh', { refreshToken: billing.refreshToken });
    expect(next.status).toBe(200);
    expect(decodeJws(next.body.accessToken).payload).toMatchObject({ aud: 'billing', app: 'billing' });
    await refused(verifierFor('shop').verify(next.body.accessToken));
    // Another app, or the operator, presenting it: refused, and the family revoked as stolen.
    for (const key of [SHOP, SERVICE_KEY]) {
      const theft = await v1(key, 'POST', '/tokens/refresh', { refreshToken: next.body.refreshToken });
      expect(theft.status).toBe(401);
    }
    const after = await v1(BILLING, 'POST', '/tokens/refresh', { refreshToken: next.body.refreshToken });
    expect(after.status).toBe(401);
  });

  it("the service's own bearer check (GET /me) refuses an app's token", async () => {
    const billing = await signIn(BILLING, 'dave');
    const operator = await signIn(SERVICE_KEY, `op-${randomUUID()}`);
    const me = (token: string) => fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me(operator.accessToken)).status).toBe(200);
    const res = await me(billing.accessToken);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'ERR_TOKEN_INVALID' } });
  });

  it("a token minted for one app is refused by another app's verifier (Python verifier)", async () => {
    const { status, passed, output } = await runPytest('clients/python/e2e_tenants', {
      COATCHECK_SERVICE_URL: base,
      COATCHECK_ISSUER: base,
      COATCHECK_OPERATOR_KEY: SERVICE_KEY,
      COATCHECK_BILLING_KEY: BILLING,
      COATCHECK_SHOP_KEY: SHOP,
    });
    expect(status, output).toBe(0);
    expect(passed, output).toBe(4);
  }, 60_000);
});

describe('the app audience setting (COATCHECK_APP_AUDIENCE)', () => {
  it("addresses every app's tokens by the template, and refuses an app whose audience is the service's", async () => {
    const templated = await startServiceProcess([], {
      COATCHECK_SERVICE_KEYS: `${SERVICE_KEY},billing=${BILLING}`,
      COATCHECK_APP_AUDIENCE: 'urn:example:api:{app}',
    });
    try {
      const v1At = (path: string, body: unknown) =>
        fetch(`${templated.url}/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${BILLING}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((res) => res.json() as Promise<Answer>);
      const { token } = await v1At('/sessions', { userId: 'erin' });
      const { accessToken } = await v1At('/tokens', { token });
      expect(decodeJws(accessToken).payload).toMatchObject({ aud: 'urn:example:api:billing', sub: 'erin' });
    } finally {
      await templated.stop();
    }
    // An app named like the service's audience would share its tokens' `aud`: refused at start.
    const { manager } = setup();
    const tokens = createTokenService({
      sessions: manager,
      issuer: 'https://svc.test',
      audience: 'coatcheck',
    });
    const serviceKeys = [SERVICE_KEY, `coatcheck=${BILLING}`];
    const refusal = (() => {
      try {
        createServiceApp({ sessions: manager, tokens, serviceKeys, demo: null });
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(isSessionError(refusal, 'ERR_CONFIG_INVALID'), String(refusal)).toBe(true);
  }, 30_000);
});
