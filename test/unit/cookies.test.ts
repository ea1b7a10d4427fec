import { describe, expect, it } from 'vitest';
import { findCookie } from '../../src/cookies/parse.js';
import { type CookieAttributes, serializeCookie } from '../../src/cookies/serialize.js';

const hostAttrs: CookieAttributes = {
  secure: true,
  httpOnly: true,
  sameSite: 'Lax',
  path: '/',
  maxAge: 3600,
};

describe('serializeCookie', () => {
  it('writes the secure defaults', () => {
    expect(serializeCookie('__Host-sid', 'abc', hostAttrs).header).toBe(
      '__Host-sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax',
    );
  });

  it('clears with identical attributes and an epoch Expires', () => {
    const header = serializeCookie('__Host-sid', '', { ...hostAttrs, maxAge: 0 }).header;
    expect(header).toBe(
      '__Host-sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax',
    );
  });

  it('refuses __Host- without Secure, with a Domain or another Path', () => {
    expect(() => serializeCookie('__Host-sid', 'a', { ...hostAttrs, secure: false })).toThrow(/__Host-/);
    expect(() => serializeCookie('__Host-sid', 'a', { ...hostAttrs, domain: 'example.com' })).toThrow(
      /__Host-/,
    );
    expect(() => serializeCookie('__Host-sid', 'a', { ...hostAttrs, path: '/app' })).toThrow(/__Host-/);
    expect(() => serializeCookie('sid', 'a', { ...hostAttrs, secure: false, sameSite: 'None' })).toThrow(
      /None/,
    );
  });

  it('refuses header injection and oversized cookies', () => {
    expect(() => serializeCookie('sid', 'a;b', hostAttrs)).toThrow();
    expect(() => serializeCookie('sid', 'a\r\nSet-Cookie: x=1', hostAttrs)).toThrow();
    expect(() => serializeCookie('s d', 'a', hostAttrs)).toThrow();
    expect(() => serializeCookie('sid', 'a'.repeat(4094), hostAttrs)).toThrow(
      expect.objectContaining({ code: 'ERR_COOKIE_TOO_LARGE' }),
    );
    expect(serializeCookie('sid', 'a'.repeat(4093), hostAttrs).value).toHaveLength(4093);
  });
});

describe('findCookie', () => {
  it('matches the exact, case-sensitive name', () => {
    expect(findCookie('a=1; __Host-sid=tok; b=2', '__Host-sid')).toEqual({ status: 'found', value: 'tok' });
    expect(findCookie('__host-sid=tok', '__Host-sid')).toEqual({ status: 'absent' });
    expect(findCookie('x__Host-sid=tok', '__Host-sid')).toEqual({ status: 'absent' });
    expect(findCookie(undefined, '__Host-sid')).toEqual({ status: 'absent' });
  });

  it('reports duplicates, across split headers too', () => {
    expect(findCookie('__Host-sid=a; __Host-sid=b', '__Host-sid')).toEqual({ status: 'duplicate' });
    expect(findCookie(['__Host-sid=a', 'z=1; __Host-sid=b'], '__Host-sid')).toEqual({ status: 'duplicate' });
    expect(findCookie(['x=1', '__Host-sid=a'], '__Host-sid')).toEqual({ status: 'found', value: 'a' });
  });

  it('does not decode values and ignores oversized headers', () => {
    expect(findCookie('sid=a%20b', 'sid')).toEqual({ status: 'found', value: 'a%20b' });
    expect(findCookie(`sid=${'a'.repeat(20_000)}`, 'sid')).toEqual({ status: 'too-large' });
  });
});
