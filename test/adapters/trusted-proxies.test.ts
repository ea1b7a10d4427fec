// LG-1 over real sockets: the IP a session records is the client's through a trusted proxy hop,
// and a client that talks to the app directly cannot choose it with X-Forwarded-For.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coatcheck as expressSessions } from '../../src/adapters/express/index.js';
import { coatcheck as fastifySessions } from '../../src/adapters/fastify/index.js';
import { type CoatcheckVariables, coatcheck as honoSessions } from '../../src/adapters/hono/index.js';
import type { TrustedProxiesSetting } from '../../src/http/index.js';
import type { SessionManager } from '../../src/index.js';
import { type ForwardingProxy, requestFrom, startForwardingProxy } from '../helpers/forwarding-proxy.js';
import { setup } from '../helpers/manager.js';

const CLIENT = '127.0.0.5';
const PROXY = '127.0.0.3';
const SPOOFED = '203.0.113.9';

type App = { url: string; close(): Promise<void> };
type Build = (manager: SessionManager, trustedProxies: TrustedProxiesSetting | undefined) => Promise<App>;

async function listening(server: Server): Promise<App> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const frameworks: Record<string, Build> = {
  express: async (manager, trustedProxies) => {
    const app = express();
    app.use(expressSessions(manager, { trustedProxies }));
    app.post('/login', async (req, res) => {
      const { session } = await req.coatcheck.login({ userId: 'alice' });
      res.json({ ip: session.meta.ip ?? null });
    });
    return listening(app.listen(0, '127.0.0.1'));
  },
  fastify: async (manager, trustedProxies) => {
    const app = Fastify();
    await app.register(fastifySessions, { manager, trustedProxies });
    app.post('/login', async (request) => {
      const { session } = await request.coatcheck.login({ userId: 'alice' });
      return { ip: session.meta.ip ?? null };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return listening(app.server);
  },
  hono: async (manager, trustedProxies) => {
    const app = new Hono<{ Variables: CoatcheckVariables }>();
    app.use(honoSessions(manager, { trustedProxies }));
    app.post('/login', async (c) => {
      const { session } = await c.get('coatcheck').login({ userId: 'alice' });
      return c.json({ ip: session.meta.ip ?? null });
    });
    return listening(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server);
  },
};

async function loginIp(url: string): Promise<string | null> {
  const res = await requestFrom(CLIENT, `${url}/login`, {
    method: 'POST',
    headers: { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': SPOOFED },
  });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body) as { ip: string | null }).ip;
}

describe.each(Object.entries(frameworks))('trusted proxies, %s over real HTTP', (_name, build) => {
  const apps: App[] = [];
  const proxies: ForwardingProxy[] = [];
  const start = async (
    trust: TrustedProxiesSetting | undefined,
  ): Promise<{ direct: string; proxied: string }> => {
    const app = await build(setup().manager, trust);
    const proxy = await startForwardingProxy(app.url, PROXY);
    apps.push(app);
    proxies.push(proxy);
    return { direct: app.url, proxied: proxy.url };
  };
  afterAll(async () => {
    for (const p of proxies) await p.close();
    for (const a of apps) await a.close();
  });

  describe('trusting the proxy by address', () => {
    let urls: { direct: string; proxied: string };
    beforeAll(async () => {
      urls = await start([PROXY]);
    });
    it('through the proxy, the client address is recorded (not the proxy, not the spoofed entry)', async () => {
      expect(await loginIp(urls.proxied)).toBe(CLIENT);
    });
    it('a client talking directly cannot choose its address with X-Forwarded-For', async () => {
      expect(await loginIp(urls.direct)).toBe(CLIENT);
    });
  });

  it('by default nothing is trusted: through the proxy the proxy is what the app sees', async () => {
    const urls = await start(undefined);
    expect(await loginIp(urls.proxied)).toBe(PROXY);
    expect(await loginIp(urls.direct)).toBe(CLIENT);
  });

  it('a hop count of 1 takes the entry the proxy appended', async () => {
    const urls = await start(1);
    expect(await loginIp(urls.proxied)).toBe(CLIENT);
    // Why the docs prefer addresses: a hop count believes any peer, so an app reachable directly
    // would record what the client wrote.
    expect(await loginIp(urls.direct)).toBe(SPOOFED);
  });
});
