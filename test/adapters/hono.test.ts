import { serve } from '@hono/node-server';
import { honoApp } from './apps/hono-app.js';
import { fetchHarness, type HarnessFactory, inProcessHarness } from './harness.js';
import { runAdapterScenarios } from './scenarios.js';

const inProcess: HarnessFactory = async (manager) => {
  const app = honoApp(manager);
  return inProcessHarness(async ({ method, path, headers, body }) =>
    app.request(path, { method, headers, body }),
  );
};

const listening: HarnessFactory = async (manager) => {
  const app = honoApp(manager);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return fetchHarness(`http://127.0.0.1:${port}`, () => new Promise((r) => server.close(() => r())));
};

runAdapterScenarios('Hono 4, app.request', inProcess);
runAdapterScenarios('Hono 4, node server', listening);
