import { describe, expect, it } from 'vitest';
import { routeTag } from '../../src/session-id/route-tag.js';
import {
  hashSecret,
  mintSessionToken,
  parseSessionToken,
  SESSION_TOKEN_LENGTH,
  secretMatches,
} from '../../src/session-id/session-token.js';

describe('session tokens', () => {
  it('are <routing tag + 108 random bits>.<256-bit secret> in base64url, all distinct', async () => {
    const tokens = await Promise.all(Array.from({ length: 200 }, () => mintSessionToken('alice')));
    for (const t of tokens) {
      expect(t.token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      expect(t.id.slice(0, 4)).toBe(routeTag('alice'));
      expect(Buffer.from(t.secret, 'base64url')).toHaveLength(32);
      expect(t.secretHash).not.toContain(t.secret);
    }
    expect(new Set(tokens.map((t) => t.token)).size).toBe(200);
    expect(new Set(tokens.map((t) => t.id)).size).toBe(200);
    // 18 random characters after the tag: 108 bits; check they are spread over the whole alphabet.
    const chars = new Set(tokens.flatMap((t) => [...t.id.slice(4)]));
    expect(chars.size).toBeGreaterThan(60);
  });

  it('route tags are stable, 4 characters, and spread users apart', () => {
    expect(routeTag('alice')).toBe(routeTag('alice'));
    expect(routeTag('alice')).toMatch(/^[A-Za-z0-9_-]{4}$/);
    const tags = new Set(Array.from({ length: 1000 }, (_, i) => routeTag(`user-${i}`)));
    expect(tags.size).toBeGreaterThan(990);
  });

  it('parses only the exact format', async () => {
    const { token, id, secret } = await mintSessionToken('alice');
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
    const a = await mintSessionToken('alice');
    const b = await mintSessionToken('alice');
    expect(await secretMatches(a.secret, a.secretHash)).toBe(true);
    expect(await secretMatches(b.secret, a.secretHash)).toBe(false);
    expect(await secretMatches(a.secret, 'not-base64url!')).toBe(false);
    expect(await hashSecret(a.secret)).toBe(a.secretHash);
  });
});
