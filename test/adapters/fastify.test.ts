import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { coatcheck, sessionErrors } from '../../src/adapters/fastify/index.js';
import { SessionError } from '../../src/index.js';
import { setup } from '../helpers/manager.js';
import { fastifyApp } from './apps/fastify-app.js';
import { runGuardScenarios } from './guard-scenarios.js';
import { fetchHarness, type HarnessFactory } from './harness.js';
import { runAdapterScenarios } from './scenarios.js';

const inProcess: HarnessFactory = async (manager) => {
  const app = await fastifyApp(manager);
  return {
    async request({ method, path, headers, body }) {
      const res = await app.inject({ method: method as 'GET', url: path, headers, payload: body });
      const raw = res.headers['set-cookie'];
      const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
      return {
        status: res.statusCode,
        header: (n) => (res.headers[n] as string | undefined) ?? null,
        setCookies,
        body: res.body,
      };
    },
    close: () => app.close(),
  };
};

const listening: HarnessFactory = async (manager) => {
  const app = await fastifyApp(manager);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return fetchHarness(address, () => app.close());
};

runAdapterScenarios('Fastify 5, inject', inProcess);
runGuardScenarios('Fastify 5, inject', inProcess);
runAdapterScenarios('Fastify 5, listening server', listening);
runGuardScenarios('Fastify 5, listening server', listening);

describe('Fastify: the error handler is opt-in', () => {
  it("registering the plugin leaves the app's own error handler in place", async () => {
    const { manager } = setup();
    const app = Fastify();
    app.setErrorHandler(async (_error, _request, reply) => reply.code(418).send({ mine: true }));
    await app.register(coatcheck, { manager });
    app.get('/boom', async () => {
      throw new SessionError('ERR_NO_SESSION', 'Sign in first');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect([res.statusCode, res.json()]).toEqual([418, { mine: true }]);
    await app.close();
  });

  it("sessionErrors() answers Fastify's own 4xx with the shared body and no-store", async () => {
    const { manager } = setup();
    const app = Fastify({ bodyLimit: 64 });
    app.setErrorHandler(sessionErrors());
    await app.register(coatcheck, { manager });
    app.post('/echo', async (request) => request.body);
    const post = (payload: string, type = 'application/json') =>
      app.inject({
        method: 'POST',
        url: '/echo',
        payload,
        headers: { 'content-type': type, 'sec-fetch-site': 'same-origin' },
      });
    const cases: [Awaited<ReturnType<typeof post>>, number, string][] = [
      [await post('{"broken'), 400, 'ERR_BAD_REQUEST'],
      [await post(JSON.stringify({ big: 'x'.repeat(100) })), 413, 'ERR_BODY_TOO_LARGE'],
      [await post('x', 'application/x-unknown'), 415, 'ERR_BAD_REQUEST'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.statusCode).toBe(status);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({ error: { code, message: expect.any(String) } });
    }
    await app.close();
  });
});
