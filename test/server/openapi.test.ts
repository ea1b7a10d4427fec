import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/http/errors.js';
import { createServiceApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createTokenService } from '../../src/tokens/index.js';
import { setup } from '../helpers/manager.js';

const KEY = `ck_${'k'.repeat(40)}`;
type Operation = {
  security: unknown[];
  requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
  responses: Record<string, unknown>;
};

function serviceApp() {
  const { manager } = setup();
  const tokens = createTokenService({ sessions: manager, issuer: 'https://svc.test', audience: 'coatcheck' });
  return createServiceApp({
    sessions: manager,
    tokens,
    serviceKeys: [KEY],
    metrics: createMetrics(manager.options.events),
    demo: { password: 'pw', origins: ['http://svc.test'] },
  });
}

async function documentOf(app: ReturnType<typeof serviceApp>) {
  const res = await app.request('http://svc.test/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as { paths: Record<string, Record<string, Operation>> };
}

const operations = (doc: Awaited<ReturnType<typeof documentOf>>) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method, path, op })),
  );

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document that describes every route the app serves, and nothing else', async () => {
    const app = serviceApp();
    const doc = await documentOf(app);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const described = operations(doc).map((o) => `${o.method} ${o.path}`);
    expect(new Set(served).size).toBe(served.length);
    expect([...served].sort()).toEqual([...described].sort());
    expect(described).toEqual(
      expect.arrayContaining(['post /v1/sessions/validate', 'post /auth/login', 'get /metrics']),
    );
  });

  it('the error body names every error code coatcheck answers with, and no other', async () => {
    const text = JSON.stringify(await documentOf(serviceApp()));
    const enums = [...text.matchAll(/"enum":\["ERR_[^\]]*\]/g)].map((m) => JSON.parse(`{${m[0]}}`).enum);
    expect(enums.length).toBeGreaterThan(10);
    for (const codes of enums) expect(codes).toEqual(Object.keys(ERROR_CODES));
  });

  it('every described route answers an empty request with one of its described statuses', async () => {
    const app = serviceApp();
    for (const { method, path, op } of operations(await documentOf(app))) {
      const url = `http://svc.test${path.replace(/\{(\w+)\}/g, 'AAAAAAAAAAAAAAAAAAAAAA')}`;
      const label = `${method} ${path}`;
      const serviceKey = JSON.stringify(op.security) === JSON.stringify([{ serviceKey: [] }]);
      if (serviceKey) {
        expect((await app.request(url, { method: method.toUpperCase() })).status, label).toBe(401);
      }
      const res = await app.request(url, {
        method: method.toUpperCase(),
        headers: {
          'content-type': 'application/json',
          'sec-fetch-site': 'same-origin',
          ...(serviceKey ? { authorization: `Bearer ${KEY}` } : {}),
        },
        body: method === 'get' ? undefined : '{}',
      });
      // An undescribed status (a 404 from a missing route included) fails here.
      expect(Object.keys(op.responses), label).toContain(String(res.status));
    }
  });

  it('the documented request schemas are the ones enforced: a missing required field is a 400 naming it', async () => {
    const app = serviceApp();
    let checked = 0;
    for (const { method, path, op } of operations(await documentOf(app))) {
      const required = op.requestBody?.content['application/json']?.schema.required ?? [];
      if (required.length === 0 || path.includes('{')) continue;
      const res = await app.request(`http://svc.test${path}`, {
        method: method.toUpperCase(),
        headers: {
          'content-type': 'application/json',
          'sec-fetch-site': 'same-origin',
          authorization: `Bearer ${KEY}`,
        },
        body: '{}',
      });
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, path).toBe(400);
      expect(body.error.code).toBe('ERR_INPUT_INVALID');
      expect(body.error.message).toContain(`"${required[0]}"`);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  it('names the bad field and never echoes the value', async () => {
    const app = serviceApp();
    const send = (body: unknown) =>
      app.request('http://svc.test/v1/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify(body),
      });
    for (const body of [
      { userId: 'secret-value\u0000' },
      { userId: 'x', meta: { label: `secret-value${'x'.repeat(200)}` } },
      { userId: 'x', data: 'secret-value' },
    ]) {
      const res = await send(body);
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(JSON.parse(text).error.code).toBe('ERR_INPUT_INVALID');
      expect(text).not.toContain('secret-value');
      expect(text).toMatch(/"\\"(userId|meta\.label|data)\\"/);
    }
  });
});
