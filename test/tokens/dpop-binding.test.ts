import { describe, expect, it } from 'vitest';
import { handleRefreshRequest } from '../../src/tokens/index.js';
import { proofClient } from '../helpers/dpop.js';
import { decodeJws, rejectionCode, tokenSetup } from '../helpers/tokens.js';

const TOKENS = 'https://app.example.test/auth/tokens';
const REFRESH = 'https://app.example.test/auth/refresh';
const ME = 'https://app.example.test/me';

async function boundPair(options: Parameters<typeof tokenSetup>[0] = {}) {
  const setup = tokenSetup(options);
  const client = proofClient('ES256', () => setup.clock.now());
  const { session } = await setup.sessions.create({ userId: 'alice' });
  const nonce = (await setup.tokens.dpopNonce()) ?? undefined;
  const dpop = { proof: client.proof('POST', TOKENS, { nonce }), method: 'POST', url: TOKENS };
  const pair = await setup.tokens.issue(session, { dpop });
  return { ...setup, client, pair };
}

describe('DPoP-bound token pairs', () => {
  it('a proof at issue gives DPoP tokens with cnf.jkt; refresh needs a proof from the same key', async () => {
    const { tokens, client, pair, clock, events } = await boundPair();
    expect(pair.tokenType).toBe('DPoP');
    const jkt = (decodeJws(pair.accessToken).payload.cnf as { jkt: string }).jkt;
    expect(jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The thief: the refresh token without a proof, or with a proof from its own key.
    expect(await rejectionCode(tokens.refresh(pair.refreshToken))).toBe('ERR_DPOP_INVALID');
    const thief = proofClient('ES256', () => clock.now());
    const stolen = { proof: thief.proof('POST', REFRESH), method: 'POST', url: REFRESH };
    expect(await rejectionCode(tokens.refresh(pair.refreshToken, { dpop: stolen }))).toBe('ERR_DPOP_INVALID');
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);

    // The family survived: the key holder refreshes as usual, and keeps its binding.
    const dpop = { proof: client.proof('POST', REFRESH), method: 'POST', url: REFRESH };
    const next = await tokens.refresh(pair.refreshToken, { dpop });
    expect(next.tokenType).toBe('DPoP');
    expect((decodeJws(next.accessToken).payload.cnf as { jkt: string }).jkt).toBe(jkt);
    // The same proof again is a replay.
    expect(await rejectionCode(tokens.refresh(next.refreshToken, { dpop }))).toBe('ERR_DPOP_INVALID');
  });

  it('the verifier: a bound token needs Authorization: DPoP and a proof with ath from its key', async () => {
    const { tokens, client, pair, clock } = await boundPair();
    const at = pair.accessToken;
    // Presented as a plain Bearer token: refused.
    expect(await rejectionCode(tokens.verify(at))).toBe('ERR_TOKEN_INVALID');
    const proof = (extra = {}) => ({ proof: client.proof('GET', ME, extra), method: 'GET', url: ME });
    // No ath, or a proof from another key: refused.
    expect(await rejectionCode(tokens.verify(at, {}, proof()))).toBe('ERR_DPOP_INVALID');
    const thief = proofClient('ES256', () => clock.now());
    const foreign = { proof: thief.proof('GET', ME, { accessToken: at }), method: 'GET', url: ME };
    expect(await rejectionCode(tokens.verify(at, {}, foreign))).toBe('ERR_TOKEN_INVALID');
    // The key holder with ath: accepted.
    await expect(tokens.verify(at, {}, proof({ accessToken: at }))).resolves.toMatchObject({
      userId: 'alice',
    });
  });

  it('a plain Bearer pair stays Bearer, and is refused when presented as DPoP', async () => {
    const { tokens, sessions, clock } = tokenSetup();
    const { session } = await sessions.create({ userId: 'bob' });
    const pair = await tokens.issue(session);
    expect(pair.tokenType).toBe('Bearer');
    expect(decodeJws(pair.accessToken).payload.cnf).toBeUndefined();
    const client = proofClient('ES256', () => clock.now());
    const dpop = {
      proof: client.proof('GET', ME, { accessToken: pair.accessToken }),
      method: 'GET',
      url: ME,
    };
    expect(await rejectionCode(tokens.verify(pair.accessToken, {}, dpop))).toBe('ERR_TOKEN_INVALID');
    await expect(tokens.verify(pair.accessToken)).resolves.toMatchObject({ userId: 'bob' });
  });

  it('server nonces: use_dpop_nonce with a DPoP-Nonce header, then the retry with the nonce succeeds', async () => {
    const { tokens, client, pair, clock } = await boundPair({
      dpop: { requireNonce: true, nonceWindowSeconds: 60 },
    });
    const body = { refresh_token: pair.refreshToken };
    const first = await handleRefreshRequest(tokens, body, {
      dpop: { proof: client.proof('POST', REFRESH), method: 'POST', url: REFRESH },
    });
    expect(first.status).toBe(400);
    expect(first.body).toEqual({ error: 'use_dpop_nonce' });
    const nonce = first.headers['dpop-nonce']!;
    expect(nonce).toMatch(/^\d+\.[A-Za-z0-9_-]{22}$/);
    const retry = await handleRefreshRequest(tokens, body, {
      dpop: { proof: client.proof('POST', REFRESH, { nonce }), method: 'POST', url: REFRESH },
    });
    expect(retry.status).toBe(200);
    expect(retry.body.token_type).toBe('DPoP');
    // Two windows later the nonce is stale; a made-up one never works.
    clock.advance(121);
    const next = { refresh_token: retry.body.refresh_token };
    for (const n of [nonce, `${nonce.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`]) {
      const stale = await handleRefreshRequest(tokens, next, {
        dpop: { proof: client.proof('POST', REFRESH, { nonce: n }), method: 'POST', url: REFRESH },
      });
      expect(stale.body).toEqual({ error: 'use_dpop_nonce' });
    }
  });

  it('a bad proof at the refresh endpoint is invalid_dpop_proof and revokes nothing', async () => {
    const { tokens, client, pair, events } = await boundPair();
    const res = await handleRefreshRequest(
      tokens,
      { refresh_token: pair.refreshToken },
      { dpop: { proof: client.proof('GET', REFRESH), method: 'POST', url: REFRESH } },
    );
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_dpop_proof' } });
    expect(events.some((e) => e.type === 'session.revoked')).toBe(false);
  });
});
