import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { createServiceApp } from '../../src/server/app.js';
import { V1_ROUTES } from '../../src/server/openapi.js';
import { createTokenService } from '../../src/tokens/index.js';
import { setup } from '../helpers/manager.js';

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, and every route it describes exists behind the service key', async () => {
    const { manager } = setup();
    const tokens = createTokenService({
      sessions: manager,
      issuer: 'https://svc.test',
      audience: 'coatcheck',
    });
    const app = createServiceApp({
      sessions: manager,
      tokens,
      serviceKeys: [`ck_${'k'.repeat(40)}`],
      demo: null,
    });
    const res = await app.request('http://svc.test/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const route of V1_ROUTES) {
      const path = route.path.replace(/\{\w+\}/g, 'x');
      const unauthenticated = await app.request(`http://svc.test${path}`, {
        method: route.method.toUpperCase(),
      });
      expect(unauthenticated.status, `${route.method} ${route.path}`).toBe(401);
      const authed = await app.request(`http://svc.test${path}`, {
        method: route.method.toUpperCase(),
        headers: { authorization: `Bearer ck_${'k'.repeat(40)}`, 'content-type': 'application/json' },
        body: route.method === 'get' || route.method === 'delete' ? undefined : '{}',
      });
      // An undescribed status (a 404 from a missing route included) fails here.
      expect([route.ok[0], ...route.errors]).toContain(authed.status);
    }
  });
});
