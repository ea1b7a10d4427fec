import { describe, expect, it } from 'vitest';
import {
  hashSecret,
  mintSessionToken,
  parseSessionToken,
  SESSION_TOKEN_LENGTH,
  secretMatches,
} from '../../src/tokens/session-token.js';

describe('session tokens', () => {
  it('are <128-bit id>.<256-bit secret> in base64url, all distinct', async () => {
    const tokens = await Promise.all(Array.from({ length: 200 }, () => mintSessionToken()));
    for (const t of tokens) {
      expect(t.token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t.id, 'base64url')).toHaveLength(16);
      expect(Buffer.from(t.secret, 'base64url')).toHaveLength(32);
      expect(t.secretHash).not.toContain(t.secret);
    }
    expect(new Set(tokens.map((t) => t.token)).size).toBe(200);
    expect(new Set(tokens.map((t) => t.id)).size).toBe(200);
  });

  it('parses only the exact format', async () => {
    const { token, id, secret } = await mintSessionToken();
    expect(parseSessionToken(token)).toEqual({ id, secret });
    const bad = [
      undefined,
      null,
      42,
      '',
      `${token}x`,
      token.slice(1),
      token.replace('.', '-'),
      `${id}.${secret.slice(0, -1)}=`,
      `${id}.${secret.slice(0, -1)}+`,
      `${id.slice(0, -1)}*.${secret}`,
      `${id}.${secret.slice(0, -1)}\u0000`,
      `${id}.${secret.slice(0, -1)}é`,
      'x'.repeat(10_000),
      `${id}..${secret.slice(1)}`,
    ];
    for (const value of bad) expect(parseSessionToken(value), String(value).slice(0, 80)).toBeNull();
    expect(token).toHaveLength(SESSION_TOKEN_LENGTH);
  });

  it('matches a secret only against its own hash', async () => {
    const a = await mintSessionToken();
    const b = await mintSessionToken();
    expect(await secretMatches(a.secret, a.secretHash)).toBe(true);
    expect(await secretMatches(b.secret, a.secretHash)).toBe(false);
    expect(await secretMatches(a.secret, 'not-base64url!')).toBe(false);
    expect(await hashSecret(a.secret)).toBe(a.secretHash);
  });
});
