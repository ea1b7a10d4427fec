import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from '../../src/tokens/index.js';
import { AUDIENCE, ISSUER, tokenSetup } from '../helpers/tokens.js';

// A resource server verifying through a real HTTP JWKS endpoint served from the token service.
const setup = tokenSetup({ keyCacheTtl: 0 });
let server: Server;
let url: string;
let fetches = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    fetches++;
    void setup.tokens.jwks().then(({ body, headers }) => {
      res.writeHead(req.url === '/.well-known/jwks.json' ? 200 : 404, headers).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('access tokens: verifier with a JWKS URL', () => {
  it('fetches the JWKS once, verifies, and refetches for a new kid after an immediate rotation', async () => {
    const { sessions, tokens, clock } = setup;
    const verifier = createAccessTokenVerifier({
      jwksUrl: url,
      issuer: ISSUER,
      audience: AUDIENCE,
      clock,
      cooldownMs: 0,
    });
    const { session } = await sessions.create({ userId: 'alice' });
    const first = (await tokens.issueAccessToken(session)).accessToken;
    await expect(verifier.verify(first)).resolves.toMatchObject({ userId: 'alice' });
    await expect(verifier.verify(first)).resolves.toMatchObject({ userId: 'alice' });
    expect(fetches).toBe(1);
    await tokens.rotateKeys({ immediate: true });
    const second = (await tokens.issueAccessToken(session)).accessToken;
    await expect(verifier.verify(second)).resolves.toMatchObject({ userId: 'alice' });
    expect(fetches).toBe(2);
  });

  it('an unreachable JWKS fails as invalid_token, never as success', async () => {
    const { sessions, tokens, clock } = setup;
    const dead = createAccessTokenVerifier({
      jwksUrl: 'http://127.0.0.1:9/jwks.json',
      issuer: ISSUER,
      audience: AUDIENCE,
      clock,
      timeoutMs: 500,
    });
    const { session } = await sessions.create({ userId: 'bob' });
    const token = (await tokens.issueAccessToken(session)).accessToken;
    await expect(dead.verify(token)).rejects.toThrow('invalid_token');
  });
});
