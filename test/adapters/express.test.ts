import type { Server } from 'node:http';
import express5 from 'express';
import express4 from 'express4';
import request from 'supertest';
import { expressApp } from './apps/express-app.js';
import { runGuardScenarios } from './guard-scenarios.js';
import { type AdapterHarness, fetchHarness, type HarnessFactory } from './harness.js';
import { runAdapterScenarios } from './scenarios.js';

type ExpressModule = Parameters<typeof expressApp>[0];

function inProcess(express: ExpressModule): HarnessFactory {
  return async (manager) => {
    const app = expressApp(express, manager);
    const harness: AdapterHarness = {
      async request({ method, path, headers, body }) {
        let req = request(app)[method.toLowerCase() as 'get' | 'post'](path);
        for (const [k, v] of Object.entries(headers ?? {})) req = req.set(k, v);
        const res = body === undefined ? await req : await req.send(body);
        const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
        return {
          status: res.status,
          header: (n) => (res.headers[n] as string | undefined) ?? null,
          setCookies: setCookie ?? [],
          body: res.text,
        };
      },
      close: async () => {},
    };
    return harness;
  };
}

function listening(express: ExpressModule): HarnessFactory {
  return async (manager) => {
    const server: Server = await new Promise((resolve) => {
      const s = expressApp(express, manager).listen(0, '127.0.0.1', () => resolve(s));
    });
    const { port } = server.address() as { port: number };
    return fetchHarness(`http://127.0.0.1:${port}`, () => new Promise((r) => server.close(() => r())));
  };
}

runAdapterScenarios('Express 5, in-process', inProcess(express5 as unknown as ExpressModule));
runGuardScenarios('Express 5, in-process', inProcess(express5 as unknown as ExpressModule));
runAdapterScenarios('Express 5, listening server', listening(express5 as unknown as ExpressModule));
runGuardScenarios('Express 5, listening server', listening(express5 as unknown as ExpressModule));
runAdapterScenarios('Express 4, in-process', inProcess(express4 as unknown as ExpressModule));
runGuardScenarios('Express 4, in-process', inProcess(express4 as unknown as ExpressModule));
