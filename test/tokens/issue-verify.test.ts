import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { Keyring } from '../../src/keys/keyring.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { createAccessTokenVerifier } from '../../src/tokens/index.js';
import { downStore } from '../helpers/counting-store.js';
import { AUDIENCE, decodeJws, ISSUER, tokenSetup } from '../helpers/tokens.js';

describe('access tokens: issue and verify', () => {
  it.each(['EdDSA', 'ES256', 'PS256'] as const)(
    '%s: header, claims, verify by the service and by JWKS',
    async (algorithm) => {
      const { sessions, tokens, clock } = tokenSetup({ algorithm });
      const { session } = await sessions.create({
        userId: 'alice',
        data: { secretNote: 'never in a token' },
      });
      const pair = await tokens.issue(session);
      const { header, payload } = decodeJws(pair.accessToken);
      expect(header).toEqual({
        alg: algorithm,
        kid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        typ: 'at+jwt',
      });
      expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sid', 'sub']);
      expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', sid: session.id });
      expect(Number(payload.exp) - Number(payload.iat)).toBe(300);
      expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 });
      expect(pair.refreshToken).toMatch(/^rt_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{22}$/);
      expect((await tokens.verify(pair.accessToken)).sessionId).toBe(session.id);
      const remote = createAccessTokenVerifier({
        jwks: (await tokens.jwks()).body,
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [algorithm],
        clock,
      });
      expect((await remote.verify(pair.accessToken)).userId).toBe('alice');
    },
  );

  it('extra claims only through the allowlist; registered claims cannot be allowlisted', async () => {
    const { sessions, tokens } = tokenSetup({
      extraClaims: ['scope'],
      claims: () => ({ scope: 'read write' }),
    });
    const { session } = await sessions.create({ userId: 'bob' });
    const { payload } = decodeJws((await tokens.issueAccessToken(session)).accessToken);
    expect(payload.scope).toBe('read write');
    const leaky = tokenSetup({ extraClaims: ['scope'], claims: () => ({ email: 'bob@example.test' }) });
    const s2 = (await leaky.sessions.create({ userId: 'bob' })).session;
    await expect(leaky.tokens.issueAccessToken(s2)).rejects.toThrow(/allowlist/);
    expect(() => tokenSetup({ extraClaims: ['sub'] })).toThrow(/registered/);
  });

  it('expires after the TTL (plus leeway) and dies with its session (sid check)', async () => {
    const { sessions, tokens, clock, events } = tokenSetup({ accessTokenTtl: '5m', leewaySeconds: 30 });
    const { session } = await sessions.create({ userId: 'carol' });
    const { accessToken } = await tokens.issueAccessToken(session);
    clock.advance(320);
    await expect(tokens.verify(accessToken)).resolves.toMatchObject({ userId: 'carol' });
    clock.advance(20);
    await expect(tokens.verify(accessToken)).rejects.toThrow('invalid_token');
    const fresh = (await tokens.issueAccessToken(session)).accessToken;
    await sessions.revoke(session.id);
    await expect(tokens.verify(fresh)).rejects.toThrow('invalid_token');
    expect(events.filter((e) => e.type === 'token.invalid')).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(fresh.split('.')[2]);
  });

  it('per-user not-before revokes earlier tokens instantly', async () => {
    const { sessions, tokens, clock } = tokenSetup({ revocation: { notBefore: true } });
    const { session } = await sessions.create({ userId: 'dave' });
    const before = (await tokens.issueAccessToken(session)).accessToken;
    clock.advance(1);
    await tokens.revokeAccessTokens('dave');
    await expect(tokens.verify(before)).rejects.toThrow('invalid_token');
    clock.advance(1);
    const after = (await tokens.issueAccessToken(session)).accessToken;
    await expect(tokens.verify(after)).resolves.toMatchObject({ userId: 'dave' });
  });

  it('not-before at the second boundary: a token minted in the revocation second after it lives', async () => {
    const start = Math.floor(Date.now() / 1000) * 1000 + 200; // 200 ms into a whole second
    const clock = new ManualClock(start);
    const { sessions, tokens } = tokenSetup({ clock, revocation: { notBefore: true } });
    const { session } = await sessions.create({ userId: 'dana' });
    clock.advance(-1); // one second earlier: a token from the previous second
    const earlier = (await tokens.issueAccessToken(session)).accessToken;
    clock.advance(1);
    await tokens.revokeAccessTokens('dana');
    clock.advance(0.5); // 700 ms into the same second as the revocation
    const sameSecond = (await tokens.issueAccessToken(session)).accessToken;
    await expect(tokens.verify(sameSecond)).resolves.toMatchObject({ userId: 'dana' });
    await expect(tokens.verify(earlier)).rejects.toThrow('invalid_token');
  });

  it('an access token is not a refresh token, and the reverse', async () => {
    const { sessions, tokens } = tokenSetup();
    const { session } = await sessions.create({ userId: 'erin' });
    const pair = await tokens.issue(session);
    const asRefresh = await tokens.refresh(pair.accessToken).catch((e: unknown) => e);
    expect(isSessionError(asRefresh, 'ERR_TOKEN_INVALID')).toBe(true);
    const asAccess = await tokens.verify(pair.refreshToken).catch((e: unknown) => e);
    expect(isSessionError(asAccess, 'ERR_TOKEN_INVALID')).toBe(true);
    // Both still work for what they are.
    await expect(tokens.refresh(pair.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('refuses weak or out-of-range configuration', () => {
    expect(() => tokenSetup({ algorithm: 'HS256' as never })).toThrow(/algorithm/);
    expect(() => tokenSetup({ leewaySeconds: 61 })).toThrow(/leeway/);
    expect(() => tokenSetup({ refreshGracePeriod: 61 })).toThrow(/refreshGracePeriod/);
    expect(() => tokenSetup({ accessTokenTtl: '2h' })).toThrow(/accessTokenTtl/);
  });
});

describe('access tokens: verified-token cache', () => {
  it('each caller gets its own copy of the cached claims', async () => {
    const { sessions, tokens } = tokenSetup({
      verifyCacheSize: 2,
      extraClaims: ['scope'],
      claims: () => ({ scope: 'read' }),
    });
    const { session } = await sessions.create({ userId: 'gina' });
    const { accessToken } = await tokens.issueAccessToken(session);
    const first = await tokens.verify(accessToken);
    (first.claims as Record<string, unknown>).sub = 'mallory';
    (first.claims as Record<string, unknown>).scope = 'admin';
    const second = await tokens.verify(accessToken);
    expect(second.claims).toMatchObject({ sub: 'gina', scope: 'read' });
    expect(second.userId).toBe('gina');
  });

  it('serves repeats from the cache but still expires them and still checks revocation', async () => {
    const { sessions, tokens, clock } = tokenSetup({ verifyCacheSize: 2, leewaySeconds: 0 });
    const { session } = await sessions.create({ userId: 'frank' });
    const { accessToken } = await tokens.issueAccessToken(session);
    await expect(tokens.verify(accessToken)).resolves.toMatchObject({ userId: 'frank' });
    await expect(tokens.verify(accessToken)).resolves.toMatchObject({ userId: 'frank' });
    // A tampered copy is not the cached token.
    const [h, p, s] = accessToken.split('.');
    const flipped = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BA' : 'AA'}`;
    await expect(tokens.verify(flipped)).rejects.toThrow('invalid_token');
    clock.advance(300);
    await expect(tokens.verify(accessToken)).rejects.toThrow('invalid_token');
    const second = (await tokens.issueAccessToken(session)).accessToken;
    await expect(tokens.verify(second)).resolves.toMatchObject({ userId: 'frank' });
    await sessions.revoke(session.id);
    await expect(tokens.verify(second)).rejects.toThrow('invalid_token');
  });
});

describe('access and refresh tokens: a store outage fails closed', () => {
  it('issue, refresh and revocation checks throw ERR_STORE_UNAVAILABLE, never succeed', async () => {
    // The same keyring on both sides: the refresh token's issuance tag is valid, so only the store
    // can refuse it.
    const secrets = Keyring.generateSecret('k1');
    const { sessions, tokens, clock } = tokenSetup({ secrets });
    const { session } = await sessions.create({ userId: 'gina' });
    const pair = await tokens.issue(session);
    const down = tokenSetup({ store: downStore(), clock, secrets });
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: unknown) => (isSessionError(e) ? e.code : 'other'),
      );
    expect(await codeOf(down.tokens.issue(session))).toBe('ERR_STORE_UNAVAILABLE');
    expect(await codeOf(down.tokens.refresh(pair.refreshToken))).toBe('ERR_STORE_UNAVAILABLE');
    const verifier = createAccessTokenVerifier({
      jwks: (await tokens.jwks()).body,
      issuer: ISSUER,
      audience: AUDIENCE,
      clock,
      revocation: { store: downStore() },
    });
    expect(await codeOf(verifier.verify(pair.accessToken))).toBe('ERR_STORE_UNAVAILABLE');
    // The outage changed nothing: the refresh token still works once the store is back.
    await expect(tokens.refresh(pair.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});
