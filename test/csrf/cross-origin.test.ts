import { describe, expect, it } from 'vitest';
import { createCrossOriginCheck } from '../../src/csrf/cross-origin.js';
import { createCsrfToken, verifyCsrfToken } from '../../src/csrf/token.js';
import { Keyring } from '../../src/keys/keyring.js';

const check = createCrossOriginCheck({ trustedOrigins: ['https://app.example', 'http://localhost:3000'] });
const post = { method: 'POST', secFetchSite: null, origin: null, hasSessionCookie: true };

describe('cross-origin decision', () => {
  it('lets safe methods through and never looks at anything else for them', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(check({ ...post, method, secFetchSite: 'cross-site' })).toEqual({ action: 'allow' });
    }
  });

  it('uses Fetch Metadata first', () => {
    expect(check({ ...post, secFetchSite: 'same-origin' }).action).toBe('allow');
    expect(check({ ...post, secFetchSite: 'none' }).action).toBe('allow');
    expect(check({ ...post, secFetchSite: 'cross-site' })).toEqual({
      action: 'reject',
      reason: 'cross-site',
    });
    expect(check({ ...post, secFetchSite: 'same-site' })).toEqual({ action: 'reject', reason: 'same-site' });
    expect(check({ ...post, secFetchSite: 'Same-Origin' }).action).toBe('reject');
    expect(check({ ...post, secFetchSite: 'cross-site', origin: 'https://app.example' }).action).toBe(
      'allow',
    );
    expect(
      createCrossOriginCheck({ allowSameSite: true })({ ...post, secFetchSite: 'same-site' }).action,
    ).toBe('allow');
  });

  it('matches Origin exactly when Fetch Metadata is absent', () => {
    expect(check({ ...post, origin: 'https://app.example' }).action).toBe('allow');
    expect(check({ ...post, origin: 'http://localhost:3000' }).action).toBe('allow');
    for (const origin of [
      'null',
      'https://app.example.evil.test',
      'https://evil-app.example',
      'http://app.example',
      'https://app.example:8443',
      'https://APP.example',
      'https://app.example/',
      'http://localhost:3001',
      'not a url',
      '',
    ]) {
      expect(check({ ...post, origin }), origin).toEqual({ action: 'reject', reason: 'untrusted-origin' });
    }
  });

  it('requires a token when both headers are absent and a session cookie is present', () => {
    expect(check(post)).toEqual({ action: 'require-token' });
    expect(check({ ...post, method: 'DELETE' })).toEqual({ action: 'require-token' });
    expect(check({ ...post, hasSessionCookie: false })).toEqual({ action: 'allow' });
  });

  it('refuses misconfigured trusted origins', () => {
    expect(() => createCrossOriginCheck({ trustedOrigins: ['https://app.example/path'] })).toThrow(
      /bare origins/,
    );
    expect(() => createCrossOriginCheck({ trustedOrigins: ['*'] })).toThrow(/not a URL/);
  });
});

describe('CSRF tokens', () => {
  it('bind to the session and survive key rotation while the old key is kept', async () => {
    const k1 = Keyring.generateSecret('k1');
    const ring = Keyring.fromString(k1);
    const token = await createCsrfToken(ring, 'session-a');
    expect(await verifyCsrfToken(ring, 'session-a', token)).toBe(true);
    expect(await verifyCsrfToken(ring, 'session-b', token)).toBe(false);
    const rotated = Keyring.fromString(`${Keyring.generateSecret('k2')},${k1}`);
    expect(await verifyCsrfToken(rotated, 'session-a', token)).toBe(true);
    const retired = Keyring.fromString(Keyring.generateSecret('k2'));
    expect(await verifyCsrfToken(retired, 'session-a', token)).toBe(false);
  });

  it('rejects malformed and tampered tokens', async () => {
    const ring = Keyring.fromString(Keyring.generateSecret('k1'));
    const token = await createCsrfToken(ring, 's');
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    for (const bad of [null, undefined, '', 'k1.', 'k1', `${token}x`, flipped, `k9.${token.slice(3)}`]) {
      expect(await verifyCsrfToken(ring, 's', bad), String(bad)).toBe(false);
    }
  });
});
