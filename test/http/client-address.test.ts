// The trusted-proxy walk (LG-1): X-Forwarded-For from the right, past trusted hops only; an
// untrusted peer's header is never read.
import { describe, expect, it } from 'vitest';
import { TrustedProxies, trustedProxies } from '../../src/http/index.js';
import { isSessionError } from '../../src/index.js';

const XFF = '198.51.100.1, 10.0.0.7, 10.0.0.2';

describe('TrustedProxies.clientAddress', () => {
  it('trusts nothing by default: the peer, unmapped, whatever the header says', () => {
    const none = trustedProxies();
    expect(none.trustsAny).toBe(false);
    expect(none.clientAddress('::ffff:10.0.0.1', XFF)).toBe('10.0.0.1');
    expect(none.clientAddress('2001:DB8:0:0::1', XFF)).toBe('2001:db8::1');
    expect(none.clientAddress(undefined, XFF)).toBeUndefined();
    for (const off of [0, '', '0', [], ' , '] as const) expect(trustedProxies(off).trustsAny).toBe(false);
  });

  it('one instance serves many peers: the remembered last peer never answers for another', () => {
    const proxies = trustedProxies(['10.0.0.0/8']);
    const peers = ['10.0.0.1', '203.0.113.4', '10.0.0.1', '::ffff:203.0.113.5', undefined, '10.0.0.1'];
    const seen = peers.map((peer) => proxies.clientAddress(peer, '198.51.100.1'));
    expect(seen).toEqual([
      '198.51.100.1',
      '203.0.113.4',
      '198.51.100.1',
      '203.0.113.5',
      undefined,
      '198.51.100.1',
    ]);
    expect(proxies.clientAddress('203.0.113.4', undefined)).toBe('203.0.113.4');
  });

  it('ranges: walks from the right past trusted hops to the first untrusted address', () => {
    const proxies = trustedProxies(['10.0.0.0/8']);
    expect(proxies.clientAddress('10.0.0.1', XFF)).toBe('198.51.100.1');
    // 10.0.0.7 is a trusted proxy too; a client-written entry left of the client is never reached.
    expect(proxies.clientAddress('10.0.0.1', '6.6.6.6, 203.0.113.4, 10.0.0.2')).toBe('203.0.113.4');
    expect(proxies.clientAddress('10.0.0.1', undefined)).toBe('10.0.0.1');
  });

  it('ranges: an untrusted peer is the client, and its X-Forwarded-For is never read', () => {
    const proxies = trustedProxies('10.0.0.0/8, loopback');
    expect(proxies.clientAddress('203.0.113.4', '127.0.0.1, 10.0.0.9')).toBe('203.0.113.4');
    expect(proxies.clientAddress(undefined, XFF)).toBeUndefined();
  });

  it('ranges: every hop trusted gives the leftmost address; a garbage entry ends the walk', () => {
    const proxies = trustedProxies(['10.0.0.0/8']);
    expect(proxies.clientAddress('10.0.0.1', '10.9.9.9, 10.0.0.2')).toBe('10.9.9.9');
    expect(proxies.clientAddress('10.0.0.1', '<script>, 10.0.0.2')).toBe('10.0.0.2');
    expect(proxies.clientAddress('10.0.0.1', '10.0.0.2,,')).toBe('10.0.0.1');
  });

  it('hop counts: the n-th address from the right, counting the peer as the first hop', () => {
    expect(trustedProxies(1).clientAddress('10.0.0.1', XFF)).toBe('10.0.0.2');
    expect(trustedProxies(2).clientAddress('10.0.0.1', XFF)).toBe('10.0.0.7');
    expect(trustedProxies('3').clientAddress('10.0.0.1', XFF)).toBe('198.51.100.1');
    expect(trustedProxies(9).clientAddress('10.0.0.1', XFF)).toBe('198.51.100.1');
    // No peer known (Next.js): the nearest hop is counted unseen.
    expect(trustedProxies(1).clientAddress(undefined, XFF)).toBe('10.0.0.2');
  });

  it('reads the forms proxies write: ports, bracketed IPv6, mapped IPv4, spaces', () => {
    const proxies = trustedProxies(['loopback', '::ffff:10.0.0.0/104']);
    expect(proxies.clientAddress('127.0.0.1', '203.0.113.4:51234')).toBe('203.0.113.4');
    expect(proxies.clientAddress('::1', ' [2001:db8::7]:443 ')).toBe('2001:db8::7');
    expect(proxies.clientAddress('::ffff:10.1.2.3', '::ffff:198.51.100.1')).toBe('198.51.100.1');
    expect(proxies.clientAddress('127.0.0.1', '2001:db8::8, 10.20.30.40')).toBe('2001:db8::8');
  });

  it('named ranges cover what their names say', () => {
    const local = trustedProxies('uniquelocal,linklocal');
    for (const peer of ['10.1.1.1', '172.31.0.1', '192.168.5.5', 'fd00::1', '169.254.1.1', 'fe80::2'])
      expect(local.clientAddress(peer, '198.51.100.1')).toBe('198.51.100.1');
    for (const peer of ['172.32.0.1', '127.0.0.1', '8.8.8.8', '2001:db8::1'])
      expect(local.clientAddress(peer, '198.51.100.1')).toBe(peer);
  });

  it('a malformed setting fails when it is built, with ERR_CONFIG_INVALID', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.256', 'proxy.internal', '::1/129', '10.0.0.0/x', 17, -1, 1.5]) {
      let caught: unknown;
      try {
        new TrustedProxies(bad as never);
      } catch (error) {
        caught = error;
      }
      expect(isSessionError(caught) && caught.code).toBe('ERR_CONFIG_INVALID');
    }
  });
});
