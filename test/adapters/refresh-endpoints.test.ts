import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import * as expressAdapter from '../../src/adapters/express/index.js';
import * as fastifyAdapter from '../../src/adapters/fastify/index.js';
import * as honoAdapter from '../../src/adapters/hono/index.js';
import { createTokenService } from '../../src/tokens/index.js';
import { proofClient } from '../helpers/dpop.js';
import { setup } from '../helpers/manager.js';

type Start = (
  tokens: ReturnType<typeof createTokenService>,
  manager: ReturnType<typeof setup>['manager'],
) => Promise<{ url: string; close(): Promise<void> }>;

const adapters: Record<string, Start> = {
  express: async (tokens, manager) => {
    const app = express();
    app.use(express.json(), expressAdapter.coatcheck(manager));
    app.post('/auth/refresh', expressAdapter.refreshEndpoint(tokens));
    const server = await new Promise<ReturnType<typeof app.listen>>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
  },
  fastify: async (tokens, manager) => {
    const app = Fastify();
    await app.register(fastifyAdapter.coatcheck, { manager });
    app.post('/auth/refresh', fastifyAdapter.refreshEndpoint(tokens));
    return { url: await app.listen({ port: 0, host: '127.0.0.1' }), close: () => app.close() };
  },
  hono: async (tokens, manager) => {
    const app = new Hono<{ Variables: honoAdapter.CoatcheckVariables }>();
    app.use(honoAdapter.coatcheck(manager));
    app.post('/auth/refresh', honoAdapter.refreshEndpoint(tokens));
    const server = await new Promise<ReturnType<typeof serve>>((r) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => r(s));
    });
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
  },
};

for (const [name, start] of Object.entries(adapters)) {
  describe(`refresh endpoint: ${name}`, () => {
    it('rotates, refuses reuse, GET and cross-site requests', async () => {
      const { manager } = setup();
      const tokens = createTokenService({
        sessions: manager,
        issuer: 'https://issuer.test',
        audience: 'api',
      });
      const { session } = await manager.create({ userId: 'alice' });
      const pair = await tokens.issue(session);
      const app = await start(tokens, manager);
      try {
        const post = (body: unknown, headers: Record<string, string> = {}) =>
          fetch(`${app.url}/auth/refresh`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify(body),
          });
        const first = await post({ refresh_token: pair.refreshToken });
        expect(first.status).toBe(200);
        expect(first.headers.get('cache-control')).toBe('no-store');
        const next = (await first.json()) as { access_token: string; refresh_token: string };
        expect((await tokens.verify(next.access_token)).userId).toBe('alice');
        const second = await post({ refresh_token: next.refresh_token });
        expect(second.status).toBe(200);
        expect(await (await post({ refresh_token: pair.refreshToken })).json()).toEqual({
          error: 'invalid_grant',
        });
        expect(
          (await manager.validate((await manager.create({ userId: 'x' })).token)).session,
        ).not.toBeNull();
        expect((await post({ refresh_token: 'nope' })).status).toBe(400);
        expect(
          (await post({ refresh_token: next.refresh_token }, { 'sec-fetch-site': 'cross-site' })).status,
        ).toBe(403);
        expect((await fetch(`${app.url}/auth/refresh`)).status).toBeGreaterThanOrEqual(404);
      } finally {
        await app.close();
      }
    });

    it('accepts DPoP: a proof from the bound key rotates, none or another key is refused and revokes nothing', async () => {
      const { manager } = setup();
      const tokens = createTokenService({
        sessions: manager,
        issuer: 'https://issuer.test',
        audience: 'api',
      });
      const { session } = await manager.create({ userId: 'alice' });
      const app = await start(tokens, manager);
      const url = `${app.url}/auth/refresh`;
      const client = proofClient('ES256');
      const pair = await tokens.issue(session, {
        dpop: { proof: client.proof('POST', url), method: 'POST', url },
      });
      try {
        const post = (proof?: string) =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(proof ? { dpop: proof } : {}) },
            body: JSON.stringify({ refresh_token: pair.refreshToken }),
          });
        expect(await (await post()).json()).toEqual({ error: 'invalid_dpop_proof' });
        expect(await (await post(proofClient('ES256').proof('POST', url))).json()).toEqual({
          error: 'invalid_dpop_proof',
        });
        const ok = await post(client.proof('POST', url));
        expect(ok.status).toBe(200);
        expect(((await ok.json()) as { token_type: string }).token_type).toBe('DPoP');
      } finally {
        await app.close();
      }
    });
  });
}
