import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/server/api/route.js';
import { createServiceApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics.js';
import { demoAuthRoutes } from '../../src/server/routes/demo-auth.js';
import { demoSessionRoutes } from '../../src/server/routes/demo-sessions.js';
import { opsRoutes } from '../../src/server/routes/ops.js';
import { v1SessionRoutes } from '../../src/server/routes/v1-sessions.js';
import { v1TokenRoutes } from '../../src/server/routes/v1-tokens.js';
import { v1UserRoutes } from '../../src/server/routes/v1-users.js';
import { v1ValidateRoutes } from '../../src/server/routes/v1-validate.js';
import { createTokenService } from '../../src/tokens/index.js';
import { setup } from '../helpers/manager.js';

const KEY = `ck_${'r'.repeat(40)}`;

// Every answer of a walk through the API is checked against the response schema its route
// declares (the one /openapi.json publishes): a documented shape the app does not keep fails here.
describe('answers match the documented response schemas', () => {
  it('for the service API and the demo, success and error answers alike', async () => {
    const { manager } = setup();
    const tokens = createTokenService({
      sessions: manager,
      issuer: 'https://svc.test',
      audience: 'coatcheck',
    });
    const metrics = createMetrics(manager.options.events);
    const demo = { password: 'pw', origins: ['http://svc.test'] };
    const app = createServiceApp({ sessions: manager, tokens, serviceKeys: [KEY], metrics, demo });
    const deps = { sessions: manager, tokens };
    const routes: Route[] = [
      ...opsRoutes(deps, { metrics, ready: () => true }, () => ({})),
      ...v1SessionRoutes(deps),
      ...v1ValidateRoutes(deps),
      ...v1UserRoutes(deps),
      ...v1TokenRoutes(deps),
      ...demoAuthRoutes(deps, demo),
      ...demoSessionRoutes(deps),
    ];
    const seen = new Set<string>();
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await app.request(`http://svc.test${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const pathname = path.split('?')[0]!;
      const route = routes.find(
        (r) =>
          r.method === method.toLowerCase() &&
          new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(pathname),
      );
      expect(route, `${method} ${path}`).toBeDefined();
      const spec = route!.responses[res.status];
      expect(spec, `${method} ${path} answered an undocumented ${res.status}`).toBeDefined();
      const text = await res.text();
      if (spec === 'empty') expect(text).toBe('');
      else if (typeof spec === 'object') {
        const parsed = spec.safeParse(JSON.parse(text));
        expect(parsed.error?.issues ?? [], `${method} ${path} ${res.status}`).toEqual([]);
      }
      seen.add(`${route!.method} ${route!.path} ${res.status}`);
      return { status: res.status, json: () => JSON.parse(text) };
    };
    const v1 = (method: string, path: string, body?: unknown) =>
      call(method, `/v1${path}`, body, { authorization: `Bearer ${KEY}` });

    const created = (
      await v1('POST', '/sessions', { userId: 'dave', data: { a: 1 }, meta: { label: 'x' } })
    ).json();
    await v1('POST', '/sessions', { userId: 42 });
    await v1('POST', '/sessions/validate', { token: created.token });
    await v1('POST', '/sessions/validate', { token: 'nope' });
    await v1('POST', '/sessions/validate-batch', { items: [{ token: created.token }, { token: 'nope' }] });
    await v1('POST', '/sessions/validate-batch', { items: [] });
    const { session } = (await v1('POST', '/sessions/regenerate', { token: created.token })).json();
    const rotated = (await v1('POST', '/sessions', { userId: 'dave' })).json();
    await v1('PATCH', `/sessions/${session.id}/data`, { data: { b: 2 }, version: session.version });
    await v1('PATCH', `/sessions/${session.id}/data`, { data: { b: 3 }, version: session.version });
    await v1('PATCH', `/sessions/${session.id}/data`, { data: { b: 4 } });
    await v1('GET', '/users/dave/sessions');
    const pair = (await v1('POST', '/tokens', { token: rotated.token })).json();
    await v1('POST', '/tokens/refresh', { refreshToken: pair.refreshToken });
    await v1('POST', '/keys/rotate');
    await v1('DELETE', `/sessions/${session.id}`);
    await v1('DELETE', `/sessions/${session.id}`);
    await v1('DELETE', `/users/dave/sessions?except=${rotated.session.id}`);

    const login = await app.request('http://svc.test/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ username: 'alice', password: 'pw' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    await call('POST', '/auth/login', { username: 'alice', password: 'nope' });
    const as = { cookie };
    await call('GET', '/me', undefined, as);
    await call('GET', '/me');
    await call('GET', '/auth/sessions', undefined, as);
    const demoPair = (await call('POST', '/auth/tokens', undefined, as)).json();
    await call('POST', '/auth/refresh', { refreshToken: demoPair.refreshToken });
    await call('GET', '/me', undefined, { authorization: `Bearer ${demoPair.accessToken}` });
    await call('DELETE', `/auth/sessions/${session.id}`, undefined, as);
    await call('POST', '/auth/sessions/revoke-others', undefined, as);
    await call('POST', '/auth/sessions/revoke-all', undefined, { cookie, 'sec-fetch-site': 'cross-site' });
    await call('POST', '/auth/sessions/revoke-all', undefined, as);
    await call('POST', '/auth/logout', undefined, as);
    await call('GET', '/healthz');
    await call('GET', '/readyz');
    await call('GET', '/.well-known/jwks.json');
    await call('GET', '/openapi.json');
    expect(seen.size).toBeGreaterThanOrEqual(27);
  });
});
