import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofClient } from '../helpers/dpop.js';
import { recordSecret } from '../helpers/log-capture.js';
import { DEMO_PASSWORD, SERVICE_KEY, startServiceProcess } from '../helpers/service-process.js';

const SAME = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

describe('DPoP through coatcheck serve --demo', () => {
  let service: Awaited<ReturnType<typeof startServiceProcess>>;
  beforeAll(async () => {
    service = await startServiceProcess();
  });
  afterAll(() => service.stop());
  const call = (path: string, init: RequestInit = {}) => fetch(`${service.url}${path}`, init);

  it('the demo: /auth/tokens and /auth/refresh bind to the proof key, GET /me needs DPoP with ath', async () => {
    const login = await call('/auth/login', {
      method: 'POST',
      headers: SAME,
      body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const key = proofClient('ES256');
    const url = (path: string) => `${service.url}${path}`;
    const issued = await call('/auth/tokens', {
      method: 'POST',
      headers: { ...SAME, cookie, dpop: key.proof('POST', url('/auth/tokens')) },
    });
    const pair = (await issued.json()) as { accessToken: string; refreshToken: string; tokenType: string };
    recordSecret(pair.accessToken, pair.refreshToken);
    expect(pair.tokenType).toBe('DPoP');
    const at = pair.accessToken;
    const me = (headers: Record<string, string>) => call('/me', { headers });
    expect((await me({ authorization: `Bearer ${at}` })).status).toBe(401);
    expect((await me({ authorization: `DPoP ${at}`, dpop: key.proof('GET', url('/me')) })).status).toBe(401);
    const ok = await me({
      authorization: `DPoP ${at}`,
      dpop: key.proof('GET', url('/me'), { accessToken: at }),
    });
    expect(await ok.json()).toMatchObject({ userId: 'alice', via: 'dpop' });

    const refresh = (proof?: string) =>
      call('/auth/refresh', {
        method: 'POST',
        headers: { ...SAME, ...(proof ? { dpop: proof } : {}) },
        body: JSON.stringify({ refreshToken: pair.refreshToken }),
      });
    expect((await refresh()).status).toBe(401);
    expect((await refresh(proofClient('ES256').proof('POST', url('/auth/refresh')))).status).toBe(401);
    const next = await refresh(key.proof('POST', url('/auth/refresh')));
    expect(next.status).toBe(200);
    const rotated = (await next.json()) as { tokenType: string; refreshToken: string; accessToken: string };
    recordSecret(rotated.accessToken, rotated.refreshToken);
    expect(rotated.tokenType).toBe('DPoP');
    // Nobody was signed out by the refused attempts.
    expect((await call('/me', { headers: { cookie } })).status).toBe(200);
  });

  it('/v1/tokens: a backend forwards its client proof with the method and URL it received', async () => {
    const v1 = (path: string, body: unknown) =>
      call(`/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const { token } = (await (await v1('/sessions', { userId: 'dave' })).json()) as { token: string };
    recordSecret(token);
    const key = proofClient('EdDSA');
    const backend = 'https://backend.example.test/oauth/token';
    const forward = (proof: string) => ({ proof, method: 'POST', url: backend });
    const issued = await v1('/tokens', { token, dpop: forward(key.proof('POST', backend)) });
    const pair = (await issued.json()) as { tokenType: string; refreshToken: string; accessToken: string };
    recordSecret(pair.accessToken, pair.refreshToken);
    expect(pair.tokenType).toBe('DPoP');
    expect((await v1('/tokens/refresh', { refreshToken: pair.refreshToken })).status).toBe(401);
    const wrongUrl = { proof: key.proof('POST', backend), method: 'POST', url: `${backend}x` };
    expect((await v1('/tokens/refresh', { refreshToken: pair.refreshToken, dpop: wrongUrl })).status).toBe(
      401,
    );
    const ok = await v1('/tokens/refresh', {
      refreshToken: pair.refreshToken,
      dpop: forward(key.proof('POST', backend)),
    });
    expect(ok.status).toBe(200);
    const rotated = (await ok.json()) as { tokenType: string; refreshToken: string; accessToken: string };
    recordSecret(rotated.accessToken, rotated.refreshToken);
    expect(rotated.tokenType).toBe('DPoP');
  });
});
