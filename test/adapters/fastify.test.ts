import { fastifyApp } from './apps/fastify-app.js';
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
runAdapterScenarios('Fastify 5, listening server', listening);
