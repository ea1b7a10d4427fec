import { describe, expect, it } from 'vitest';
import { createServiceApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics.js';
import { serviceIssuer } from '../../src/server/settings.js';
import { createTokenService } from '../../src/tokens/index.js';
import { setup } from '../helpers/manager.js';

const METRICS_TOKEN = `mt_${'m'.repeat(30)}`;

function serviceApp(metricsToken?: string) {
  const { manager } = setup();
  const tokens = createTokenService({ sessions: manager, issuer: 'https://svc.test', audience: 'coatcheck' });
  return createServiceApp({
    sessions: manager,
    tokens,
    serviceKeys: [`ck_${'k'.repeat(40)}`],
    metrics: createMetrics(manager.options.events, { token: metricsToken }),
    demo: null,
  });
}

describe('what the operations endpoints expose', () => {
  it('the OpenAPI servers entry never reflects the Host header', async () => {
    const app = serviceApp();
    const res = await app.request('http://evil.example/openapi.json', { headers: { host: 'evil.example' } });
    const doc = (await res.json()) as { servers: { url: string }[] };
    expect(doc.servers).toEqual([{ url: '/' }]);
    expect(JSON.stringify(doc)).not.toContain('evil.example');
  });

  it('/metrics needs COATCHECK_METRICS_TOKEN as a bearer token when one is set', async () => {
    const guarded = serviceApp(METRICS_TOKEN);
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${METRICS_TOKEN}x`, METRICS_TOKEN]) {
      const res = await guarded.request('http://svc.test/metrics', {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ERR_UNAUTHORIZED');
    }
    const ok = await guarded.request('http://svc.test/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('coatcheck_sessions_created_total');
    // Without a token configured it stays open (for a private network), and a short token is refused.
    expect((await serviceApp().request('http://svc.test/metrics')).status).toBe(200);
    expect(() => serviceApp('short')).toThrow(/COATCHECK_METRICS_TOKEN/);
  });

  it('the issuer is COATCHECK_ISSUER, else the public URL behind TLS or a proxy, else the bound address', () => {
    const bound = 'https://0.0.0.0:8443';
    expect(serviceIssuer({ COATCHECK_ISSUER: 'https://auth.example.com' }, bound, true)).toBe(
      'https://auth.example.com',
    );
    expect(
      serviceIssuer({ COATCHECK_ORIGINS: 'https://app.example.com,https://b.example' }, bound, true),
    ).toBe('https://app.example.com');
    const proxied = { COATCHECK_ALLOW_PLAIN_HTTP: '1', COATCHECK_ORIGINS: 'https://app.example.com' };
    expect(serviceIssuer(proxied, 'http://0.0.0.0:8080', false)).toBe('https://app.example.com');
    expect(serviceIssuer({}, 'http://127.0.0.1:8080', false)).toBe('http://127.0.0.1:8080');
    for (const bad of ['not a url', 'http://auth.example.com', 'https://auth.example.com/?x=1', 'ftp://x']) {
      expect(() => serviceIssuer({ COATCHECK_ISSUER: bad }, bound, true)).toThrow(/COATCHECK_ISSUER/);
    }
    expect(serviceIssuer({ COATCHECK_ISSUER: 'http://localhost:3000' }, bound, false)).toBe(
      'http://localhost:3000',
    );
  });
});
