import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { Keyring } from '../../src/keys/keyring.js';
import { KEYSET_DOCUMENT } from '../../src/keys/signing/keyset.js';
import { unwrapPrivateKey, wrapPrivateKey } from '../../src/keys/signing/wrap.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { createAccessTokenVerifier } from '../../src/tokens/index.js';
import { AUDIENCE, decodeJws, ISSUER, tokenSetup } from '../helpers/tokens.js';

const DAY = 86400;

async function kidOf(token: string): Promise<string> {
  return String(decodeJws(token).header.kid);
}

describe('signing keys: storage, JWKS and rotation', () => {
  it('private keys are stored only wrapped; JWKS has public members, kid, alg, use and cache headers', async () => {
    for (const algorithm of ['EdDSA', 'ES256', 'PS256'] as const) {
      const { sessions, tokens, store } = tokenSetup({ algorithm, jwksMaxAge: '10m' });
      const { session } = await sessions.create({ userId: 'alice' });
      await tokens.issueAccessToken(session);
      const doc = await store.getDocument(KEYSET_DOCUMENT);
      expect(doc?.value).toContain('$w1.');
      expect(doc?.value).not.toMatch(/"d":/);
      const jwks = await tokens.jwks();
      expect(jwks.headers['cache-control']).toBe('public, max-age=600');
      expect(jwks.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(jwks.body.keys).toHaveLength(1);
      for (const key of jwks.body.keys) {
        expect(key).toMatchObject({ alg: algorithm, use: 'sig', kid: expect.any(String) });
        for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(priv);
      }
    }
  });

  it('a wrapped key opens only under its own kid and keyring', async () => {
    const keyring = Keyring.fromString(Keyring.generateSecret('k1'));
    const wrapped = await wrapPrivateKey(keyring, 'kid-a', '{"d":"secret"}');
    expect(wrapped).not.toContain('secret');
    expect(await unwrapPrivateKey(keyring, 'kid-a', wrapped)).toBe('{"d":"secret"}');
    const fail = (p: Promise<unknown>) =>
      p.then(
        () => 'opened',
        (e: unknown) => isSessionError(e, 'ERR_DECRYPT_FAILED'),
      );
    expect(await fail(unwrapPrivateKey(keyring, 'kid-b', wrapped))).toBe(true);
    const other = Keyring.fromString(Keyring.generateSecret('k1'));
    expect(await fail(unwrapPrivateKey(other, 'kid-a', wrapped))).toBe(true);
    // Always a different value (a fixed "AA" ending is the original 1 time in 256).
    const tampered = `${wrapped.slice(0, -2)}${wrapped.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(await fail(unwrapPrivateKey(keyring, 'kid-a', tampered))).toBe(true);
  });

  it('scheduled rotation: the next key is in JWKS before it signs; the old one verifies during the overlap only', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock });
    const opts = { store, clock, keyRotationInterval: '7d', jwksMaxAge: '10m', keyCacheTtl: '1m' } as const;
    const { sessions, tokens } = tokenSetup(opts);
    const { session } = await sessions.create({ userId: 'alice', authTime: clock.now() });
    const k1 = await kidOf((await tokens.issueAccessToken(session)).accessToken);
    // Near the end of the interval the successor is published, but k1 still signs.
    clock.advance(7 * DAY - 5 * 60);
    const session2 = (await sessions.create({ userId: 'alice' })).session;
    expect(await kidOf((await tokens.issueAccessToken(session2)).accessToken)).toBe(k1);
    const published = (await tokens.jwks()).body.keys.map((k) => k.kid);
    expect(published).toHaveLength(2);
    const k2 = published.find((kid) => kid !== k1)!;
    // A resource server caches this JWKS for its full max-age (10 min).
    const cached = (await tokens.jwks()).body;
    const remote = createAccessTokenVerifier({ jwks: cached, issuer: ISSUER, audience: AUDIENCE, clock });
    // k1 keeps signing for at least the JWKS max-age after k2 was published.
    clock.advance(10 * 60);
    const lastByK1 = (await tokens.issueAccessToken(session2)).accessToken;
    expect(await kidOf(lastByK1)).toBe(k1);
    clock.advance(2 * 60);
    const byK2 = (await tokens.issueAccessToken(session2)).accessToken;
    expect(await kidOf(byK2)).toBe(k2);
    await expect(remote.verify(byK2)).resolves.toMatchObject({ userId: 'alice' });
    // Overlap: the previous key's tokens still verify, by the service and from a fresh JWKS.
    await expect(tokens.verify(lastByK1)).resolves.toMatchObject({ userId: 'alice' });
    expect((await tokens.jwks()).body.keys.map((k) => k.kid).sort()).toEqual([k1, k2].sort());
    // After max TTL + leeway (+ key cache) k1 leaves JWKS: a verifier with that JWKS rejects the
    // token even at a time when it had not expired yet.
    clock.advance(5 * 60 + 30 + 60 + 1);
    const after = (await tokens.jwks()).body;
    expect(after.keys.map((k) => k.kid)).toEqual([k2]);
    const iat = Number(decodeJws(lastByK1).payload.iat) * 1000;
    const atIssue = new ManualClock(iat + 1000);
    const late = createAccessTokenVerifier({
      jwks: after,
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: atIssue,
    });
    const early = createAccessTokenVerifier({
      jwks: cached,
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: atIssue,
    });
    await expect(early.verify(lastByK1)).resolves.toMatchObject({ userId: 'alice' });
    await expect(late.verify(lastByK1)).rejects.toThrow('invalid_token');
  });

  it('revokeKey withdraws a key at once: out of JWKS, refused here now and elsewhere within the key cache (L4)', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock });
    const secrets = Keyring.generateSecret('k1');
    const a = tokenSetup({ store, clock, secrets, keyCacheTtl: '1m', verifyCacheSize: 16 });
    const b = tokenSetup({ store, clock, secrets, keyCacheTtl: '1m', verifyCacheSize: 16 });
    const { session } = await a.sessions.create({ userId: 'alice' });
    const stolen = (await a.tokens.issueAccessToken(session)).accessToken;
    const compromised = await kidOf(stolen);
    // Both instances have verified (and cached) the token before the withdrawal.
    await expect(a.tokens.verify(stolen)).resolves.toMatchObject({ userId: 'alice' });
    await expect(b.tokens.verify(stolen)).resolves.toMatchObject({ userId: 'alice' });
    const signing = await a.tokens.revokeKey(compromised);
    expect(signing).toEqual(expect.any(String));
    expect(signing).not.toBe(compromised);
    expect((await a.tokens.jwks()).body.keys.map((k) => k.kid)).not.toContain(compromised);
    await expect(a.tokens.verify(stolen)).rejects.toThrow('invalid_token');
    // A new key signs at once, and its tokens verify everywhere.
    const fresh = (await a.tokens.issueAccessToken(session)).accessToken;
    expect(await kidOf(fresh)).toBe(signing);
    clock.advance(61);
    await expect(b.tokens.verify(stolen)).rejects.toThrow('invalid_token');
    await expect(b.tokens.verify(fresh)).resolves.toMatchObject({ userId: 'alice' });
    expect(await kidOf((await b.tokens.issueAccessToken(session)).accessToken)).toBe(signing);
    expect(await a.tokens.revokeKey(compromised)).toBeNull();
  });

  it('withdrawing a retired key keeps the signer; the retired key never signs again', async () => {
    const clock = new ManualClock();
    const { sessions, tokens } = tokenSetup({ clock, store: new MemoryStore({ clock }), keyCacheTtl: 0 });
    const { session } = await sessions.create({ userId: 'bob' });
    const old = await kidOf((await tokens.issueAccessToken(session)).accessToken);
    const current = await tokens.rotateKeys({ immediate: true });
    expect(await tokens.revokeKey(old)).toBe(current);
    expect(await tokens.revokeKey(current)).not.toBe(old);
    expect(await kidOf((await tokens.issueAccessToken(session)).accessToken)).not.toBe(old);
  });

  it('publishedJwks reads the keyset without writing: no key is created, rotated or pruned (L3)', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock });
    const { tokens } = tokenSetup({ store, clock, keyRotationInterval: '7d' });
    expect((await tokens.publishedJwks()).body.keys).toEqual([]);
    expect(await store.getDocument(KEYSET_DOCUMENT)).toBeNull();
    const published = (await tokens.jwks()).body.keys.map((k) => k.kid);
    const version = (await store.getDocument(KEYSET_DOCUMENT))!.version;
    clock.advance(7 * DAY); // a rotation is due, but a read-only look never performs it
    expect((await tokens.publishedJwks()).body.keys.map((k) => k.kid)).toEqual(published);
    expect((await store.getDocument(KEYSET_DOCUMENT))!.version).toBe(version);
  });

  it('on-demand and immediate rotation; instances share the keyset through the store', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock });
    const secrets = Keyring.generateSecret('k1');
    const a = tokenSetup({ store, clock, secrets, keyCacheTtl: 0 });
    const b = tokenSetup({ store, clock, secrets, keyCacheTtl: 0 });
    const { session } = await a.sessions.create({ userId: 'alice' });
    const t1 = (await a.tokens.issueAccessToken(session)).accessToken;
    await expect(b.tokens.verify(t1)).resolves.toMatchObject({ userId: 'alice' });
    const scheduled = await a.tokens.rotateKeys();
    expect((await b.tokens.jwks()).body.keys.map((k) => k.kid)).toContain(scheduled);
    expect(await kidOf((await b.tokens.issueAccessToken(session)).accessToken)).not.toBe(scheduled);
    const immediate = await b.tokens.rotateKeys({ immediate: true });
    expect(await kidOf((await a.tokens.issueAccessToken(session)).accessToken)).toBe(immediate);
    await expect(a.tokens.verify(t1)).resolves.toMatchObject({ userId: 'alice' });
  });

  it('changing the algorithm publishes a key of the new algorithm ahead of use', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock });
    const secrets = Keyring.generateSecret('k1');
    const ed = tokenSetup({ store, clock, secrets, keyCacheTtl: 0 });
    const { session } = await ed.sessions.create({ userId: 'alice' });
    await ed.tokens.issueAccessToken(session);
    const es = tokenSetup({ store, clock, secrets, keyCacheTtl: 0, algorithm: 'ES256' });
    expect(decodeJws((await es.tokens.issueAccessToken(session)).accessToken).header.alg).toBe('EdDSA');
    expect((await es.tokens.jwks()).body.keys.map((k) => k.alg).sort()).toEqual(['ES256', 'EdDSA']);
    clock.advance(10 * 60);
    const edToken = (await ed.tokens.issueAccessToken(session)).accessToken;
    expect(decodeJws(edToken).header.alg).toBe('EdDSA');
    clock.advance(60);
    expect(decodeJws((await es.tokens.issueAccessToken(session)).accessToken).header.alg).toBe('ES256');
    await expect(es.tokens.verify(edToken)).resolves.toMatchObject({ userId: 'alice' });
  });
});

describe('signing keys: keyring rotation', () => {
  it('keys wrapped by an older secret are re-wrapped with the newest on the next keyset write', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore({ clock });
    const k1 = Keyring.generateSecret('k1');
    const k2 = Keyring.generateSecret('k2');
    const before = tokenSetup({ store, clock, secrets: k1, keyCacheTtl: 0 });
    const { session } = await before.sessions.create({ userId: 'alice' });
    const old = (await before.tokens.issueAccessToken(session)).accessToken;
    expect((await store.getDocument(KEYSET_DOCUMENT))?.value).toContain('"$w1.k1.');
    const both = tokenSetup({ store, clock, secrets: `${k2},${k1}`, keyCacheTtl: 0 });
    await both.tokens.issueAccessToken(session);
    const doc = (await store.getDocument(KEYSET_DOCUMENT))?.value;
    expect(doc).toContain('"$w1.k2.');
    expect(doc).not.toContain('"$w1.k1.');
    // Once re-wrapped, the old secret can go: the same key still signs and old tokens verify.
    const after = tokenSetup({ store, clock, secrets: k2, keyCacheTtl: 0 });
    const fresh = (await after.tokens.issueAccessToken(session)).accessToken;
    expect(decodeJws(fresh).header.kid).toBe(decodeJws(old).header.kid);
    await expect(after.tokens.verify(old)).resolves.toMatchObject({ userId: 'alice' });
  });
});
