import { readFile } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { refreshEndpoint } from '../../src/adapters/hono/index.js';
import { isSessionError } from '../../src/errors.js';
import { createSessionManager, type SessionEvent } from '../../src/index.js';
import { Keyring } from '../../src/keys/keyring.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { createTokenService } from '../../src/tokens/index.js';
import { captureEventSink, recordSecret, recordTokensOf } from './log-capture.js';

const DIST = new URL('../../dist/client/', import.meta.url);
export const CSRF_META = 'csrf-meta-value-for-the-test';
const PAGE = `<!doctype html><meta charset="utf-8"><meta name="csrf-token" content="${CSRF_META}">
<title>client test</title><script type="module">
import * as client from '/client/index.js';
window.coatcheck = client;
window.ready = true;
</script>`;

/**
 * A small app on real HTTP for the browser client: the built `coatcheck/client` files as ES
 * modules, a token endpoint, the Hono adapter's refresh endpoint (counted), a resource that
 * verifies Bearer and DPoP tokens, and cookie-session stand-ins. Real clock; 10 s access tokens.
 */
export async function startClientApp(options: { requireNonce?: boolean } = {}) {
  const events: SessionEvent[] = [];
  const secrets = Keyring.generateSecret('k1');
  recordSecret(secrets);
  const sessions = createSessionManager({
    store: new MemoryStore(),
    secrets,
    events: [(event) => void events.push(event), captureEventSink()],
  });
  const tokens = recordTokensOf(
    createTokenService({
      sessions,
      issuer: 'https://issuer.test',
      audience: 'api',
      accessTokenTtl: 10,
      leewaySeconds: 0,
      dpop: { requireNonce: options.requireNonce ?? false },
    }),
    ['issue', 'refresh'],
  );
  const counts = { refresh: 0, refreshOk: 0, tokens: 0 };
  const app = new Hono();
  const dpopOf = (c: { req: { header(n: string): string | undefined; method: string; url: string } }) => ({
    proof: c.req.header('dpop'),
    method: c.req.method,
    url: c.req.url,
  });
  app.get('/', (c) => c.html(PAGE));
  app.get('/client/:file{[a-z-]+\\.js}', async (c) => {
    const body = await readFile(new URL(c.req.param('file'), DIST), 'utf8');
    return c.body(body, 200, { 'content-type': 'text/javascript' });
  });
  app.post('/auth/tokens', async (c) => {
    counts.tokens++;
    const { session } = await sessions.create({ userId: 'alice' });
    try {
      const pair = await tokens.issue(session, { dpop: dpopOf(c) });
      const { accessToken, refreshToken, tokenType, expiresIn } = pair;
      return c.json({
        access_token: accessToken,
        refresh_token: refreshToken,
        token_type: tokenType,
        expires_in: expiresIn,
      });
    } catch (error) {
      if (isSessionError(error, 'ERR_DPOP_NONCE')) {
        return c.json({ error: 'use_dpop_nonce' }, 400, { 'dpop-nonce': (await tokens.dpopNonce()) ?? '' });
      }
      if (isSessionError(error, 'ERR_DPOP_INVALID')) return c.json({ error: 'invalid_dpop_proof' }, 400);
      throw error;
    }
  });
  const refresh = refreshEndpoint(tokens);
  app.post('/auth/refresh', async (c) => {
    counts.refresh++;
    const response = await refresh(c);
    if (response.status === 200) counts.refreshOk++;
    return response;
  });
  app.get('/api/me', async (c) => {
    const [scheme, token] = (c.req.header('authorization') ?? '').split(' ');
    try {
      if (!token || (scheme !== 'Bearer' && scheme !== 'DPoP')) throw new Error('no token');
      const verified = await tokens.verify(token, {}, scheme === 'DPoP' ? dpopOf(c) : undefined);
      return c.json({ userId: verified.userId, via: scheme });
    } catch {
      return c.json({ error: 'invalid_token' }, 401, { 'www-authenticate': 'DPoP error="invalid_token"' });
    }
  });
  // Cookie-session stand-ins: an unsafe endpoint that echoes the CSRF header, and a signed-out one.
  app.all('/api/echo', (c) => c.json({ csrf: c.req.header('x-csrf-token') ?? null }));
  app.get('/api/gone', (c) => c.json({ error: { code: 'ERR_NO_SESSION' } }, 401));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    counts,
    tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
