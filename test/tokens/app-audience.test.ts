// App-bound access tokens in the library (M1): `issue(session, { app })` addresses the token to the
// app (its audience, the app-relative `sub`, the `app` claim); verifiers pinned to one audience
// refuse every other; revocation checks find the stored `<app>:<userId>` behind the claims.
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { createAccessTokenVerifier } from '../../src/tokens/index.js';
import { countingStore } from '../helpers/counting-store.js';
import { forge, jwksOf, testKey } from '../helpers/jws.js';
import { AUDIENCE, decodeJws, ISSUER, rejectionCode, tokenSetup } from '../helpers/tokens.js';

async function setupWithApps(appAudience?: string) {
  const setup = tokenSetup(appAudience === undefined ? {} : { appAudience });
  const jwks = (await setup.tokens.jwks()).body;
  const verifierFor = (audience: string, revocation = false) =>
    createAccessTokenVerifier({
      jwks,
      issuer: ISSUER,
      audience,
      clock: setup.clock,
      ...(revocation ? { revocation: { store: setup.store, notBefore: true } } : {}),
    });
  return { ...setup, verifierFor };
}

describe('app-bound access tokens (M1)', () => {
  it("an app's token carries the app's audience, the app-relative sub and the app claim", async () => {
    const { sessions, tokens, verifierFor } = await setupWithApps();
    const { session } = await sessions.create({ userId: 'billing:alice' });
    const pair = await tokens.issue(session, { app: 'billing', binding: 'app:billing' });
    const { payload } = decodeJws(pair.accessToken);
    expect(payload).toMatchObject({ aud: 'billing', sub: 'alice', app: 'billing', sid: session.id });
    const verified = await verifierFor('billing').verify(pair.accessToken);
    expect(verified).toMatchObject({ userId: 'alice', app: 'billing', sessionId: session.id });
    // The token service's own verifier expects the service audience: an app's token is not its.
    expect(await rejectionCode(tokens.verify(pair.accessToken))).toBe('ERR_TOKEN_INVALID');
    expect(await rejectionCode(verifierFor('shop').verify(pair.accessToken))).toBe('ERR_TOKEN_INVALID');
    expect(await rejectionCode(verifierFor(AUDIENCE).verify(pair.accessToken))).toBe('ERR_TOKEN_INVALID');
    // Refreshed for the same app: the same addressee.
    const next = await tokens.refresh(pair.refreshToken, { app: 'billing', binding: 'app:billing' });
    expect(decodeJws(next.accessToken).payload).toMatchObject({
      aud: 'billing',
      sub: 'alice',
      app: 'billing',
    });
    // Without an app, nothing changes: the service audience, the id as stored, no app claim.
    const plain = decodeJws((await tokens.issueAccessToken(session)).accessToken).payload;
    expect(plain).toMatchObject({ aud: AUDIENCE, sub: 'billing:alice' });
    expect(plain).not.toHaveProperty('app');
    expect((await tokens.verify((await tokens.issueAccessToken(session)).accessToken)).app).toBeNull();
  });

  it('an audience template addresses each app by its own URI; a bad template is refused', async () => {
    const { sessions, tokens, verifierFor } = await setupWithApps('https://{app}.api.example.test');
    const { session } = await sessions.create({ userId: 'shop:bob' });
    const { accessToken } = await tokens.issueAccessToken(session, { app: 'shop' });
    expect(decodeJws(accessToken).payload.aud).toBe('https://shop.api.example.test');
    expect(tokens.audienceFor('shop')).toBe('https://shop.api.example.test');
    expect(tokens.audienceFor(null)).toBe(AUDIENCE);
    expect((await verifierFor('https://shop.api.example.test').verify(accessToken)).userId).toBe('bob');
    const refused = await rejectionCode(verifierFor('https://billing.api.example.test').verify(accessToken));
    expect(refused).toBe('ERR_TOKEN_INVALID');
    for (const template of ['https://api.example.test', 'https://{app} .example.test', '', 'x'.repeat(257)]) {
      expect(() => tokenSetup({ appAudience: template }), template).toThrow(/appAudience/);
    }
  });

  it("an app's audience may never be the service's; a session of another app gets no tokens", async () => {
    const { sessions, tokens } = tokenSetup({ audience: 'billing' });
    const { session } = await sessions.create({ userId: 'billing:alice' });
    expect(await rejectionCode(tokens.issue(session, { app: 'billing' }))).toBe('ERR_CONFIG_INVALID');
    expect(() => tokens.audienceFor('billing')).toThrow(/service's own/);
    const counted = countingStore(new MemoryStore());
    const { sessions: mine, tokens: fresh } = tokenSetup({ store: counted.store });
    const other = (await mine.create({ userId: 'shop:alice' })).session;
    expect(await rejectionCode(fresh.issue(other, { app: 'billing' }))).toBe('ERR_TOKEN_INVALID');
    expect(await rejectionCode(fresh.issue(other, { app: 'Not An App' }))).toBe('ERR_INPUT_INVALID');
    // Refused before any refresh family is written.
    expect(counted.calls.get('createFamily')).toBeUndefined();
    await fresh.issue(other, { app: 'shop' });
    expect(counted.calls.get('createFamily')).toBe(1);
  });

  it('revocation checks find the stored user behind an app-relative sub (sid and not-before)', async () => {
    const { sessions, tokens, clock, verifierFor } = await setupWithApps();
    const { session } = await sessions.create({ userId: 'billing:carol' });
    const first = (await tokens.issueAccessToken(session, { app: 'billing' })).accessToken;
    const checked = verifierFor('billing', true);
    expect((await checked.verify(first)).userId).toBe('carol');
    clock.advance(2);
    await tokens.revokeAccessTokens('billing:carol');
    expect(await rejectionCode(checked.verify(first))).toBe('ERR_TOKEN_INVALID');
    clock.advance(1);
    const later = (await tokens.issueAccessToken(session, { app: 'billing' })).accessToken;
    expect((await checked.verify(later)).userId).toBe('carol');
    await sessions.revoke(session.id);
    expect(await rejectionCode(checked.verify(later))).toBe('ERR_TOKEN_INVALID');
  });

  it('the app claim is registered: never an extra claim, and a malformed one is refused', async () => {
    expect(() => tokenSetup({ extraClaims: ['app'] })).toThrow(/registered/);
    const key = testKey('EdDSA', 'k-app');
    const verifier = createAccessTokenVerifier({ jwks: jwksOf(key), issuer: ISSUER, audience: 'billing' });
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: ISSUER,
      aud: 'billing',
      sub: 'alice',
      sid: 's-1',
      iat: now,
      exp: now + 60,
      jti: 'j',
    };
    const header = { alg: 'EdDSA', kid: 'k-app', typ: 'at+jwt' };
    expect((await verifier.verify(forge(header, { ...claims, app: 'billing' }, key))).app).toBe('billing');
    for (const app of ['', 'Billing', 'billing:x', 7, ['billing'], null, 'b'.repeat(33)]) {
      const error = await verifier.verify(forge(header, { ...claims, app }, key)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSessionError(error, 'ERR_TOKEN_INVALID'), JSON.stringify(app)).toBe(true);
    }
  });
});

describe('the migration window for tokens issued before app audiences (M1)', () => {
  it("accepts this app's legacy tokens as the app's until the window closes, never another app's", async () => {
    const { sessions, tokens, clock, store } = tokenSetup();
    const jwks = (await tokens.jwks()).body;
    const legacy = { app: 'billing', audience: AUDIENCE, until: new Date(clock.now() + 300_000) };
    const verifier = createAccessTokenVerifier({
      jwks,
      issuer: ISSUER,
      audience: 'billing',
      legacy,
      clock,
      cacheSize: 10,
      revocation: { store },
    });
    // Issued without an app: exactly the old form (shared audience, `sub` billing:alice).
    const alice = (await sessions.create({ userId: 'billing:alice' })).session;
    const old = (await tokens.issueAccessToken(alice)).accessToken;
    expect(await verifier.verify(old)).toMatchObject({
      userId: 'alice',
      app: 'billing',
      sessionId: alice.id,
    });
    const current = (await tokens.issueAccessToken(alice, { app: 'billing' })).accessToken;
    expect(await verifier.verify(current)).toMatchObject({ userId: 'alice', app: 'billing' });
    for (const userId of ['shop:alice', 'alice', 'billing-2:alice']) {
      const other = (await sessions.create({ userId })).session;
      const token = (await tokens.issueAccessToken(other)).accessToken;
      expect(await rejectionCode(verifier.verify(token)), userId).toBe('ERR_TOKEN_INVALID');
    }
    clock.advance(300);
    expect(await rejectionCode(verifier.verify(old))).toBe('ERR_TOKEN_INVALID');
    expect((await verifier.verify(current)).userId).toBe('alice');
  });

  it('the window is bounded and never overlaps the new audience', async () => {
    const { tokens, clock } = tokenSetup();
    const jwks = (await tokens.jwks()).body;
    const soon = new Date(clock.now() + 600_000);
    const make = (legacy: { app: string; audience: string; until: Date }) => () =>
      createAccessTokenVerifier({ jwks, issuer: ISSUER, audience: 'billing', legacy, clock });
    expect(make({ app: 'billing', audience: AUDIENCE, until: soon })).not.toThrow();
    for (const bad of [
      { app: 'billing', audience: AUDIENCE, until: new Date(clock.now() + 25 * 3600_000) },
      { app: 'billing', audience: AUDIENCE, until: new Date(Number.NaN) },
      { app: 'billing', audience: 'billing', until: soon },
      { app: 'Billing', audience: AUDIENCE, until: soon },
      { app: 'billing', audience: '', until: soon },
    ]) {
      expect(make(bad), JSON.stringify(bad)).toThrow(/legacy/);
    }
  });
});
