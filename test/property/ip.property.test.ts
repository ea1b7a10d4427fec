// The small IP parser of src/lib/ip.ts against Node's own: net.isIP decides what is an address,
// the WHATWG URL serialiser gives the RFC 5952 text, net.BlockList decides prefix membership.
import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp, inPrefix, keepPrefix, parseIp, unmapIPv4 } from '../../src/lib/ip.js';

const RUNS = { numRuns: 1000 };

const v4 = fc.ipV4();
// Addresses with long zero runs are where `::` compression goes wrong: bias towards zeros.
const word = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
const v6Words = fc.array(word, { minLength: 8, maxLength: 8 });
const v6Full = v6Words.map((w) => w.map((x) => x.toString(16)).join(':'));
const anyV6 = fc.oneof(fc.ipV6(), v6Full);

/** Node's canonical text of an IPv6 address (the WHATWG URL host serialiser, RFC 5952). */
const nodeV6 = (text: string): string => new URL(`http://[${text}]/`).hostname.slice(1, -1);

describe('parseIp and formatIp agree with Node', () => {
  it('IPv4: every address parses and prints as it came', () => {
    fc.assert(
      fc.property(v4, (ip) => {
        expect(formatIp(parseIp(ip)!)).toBe(ip);
      }),
      RUNS,
    );
  });

  it('IPv6: every form parses, and prints in the canonical form Node prints', () => {
    fc.assert(
      fc.property(anyV6, (ip) => {
        const parsed = parseIp(ip);
        expect(parsed).not.toBeNull();
        const canonical = nodeV6(ip);
        // An IPv4-mapped address comes back in its IPv4 form; Node keeps the hex words.
        if (parsed!.length === 4) expect(canonical.startsWith('::ffff:')).toBe(true);
        else expect(formatIp(parsed!)).toBe(canonical);
      }),
      RUNS,
    );
  });

  it('rejects exactly what Node rejects, for short strings of address characters', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEF:.%g'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 45 }), (text) => {
        const ours = parseIp(text) !== null;
        // Node accepts a zone (%eth0) and so do we; anything else must agree.
        const node = isIP(text) !== 0 || (text.includes('%') && isIP(text.slice(0, text.indexOf('%'))) === 6);
        expect(ours).toBe(node);
      }),
      { numRuns: 3000 },
    );
  });

  it('unmaps IPv4-mapped IPv6 to IPv4 bytes, as unmapIPv4 does to text', () => {
    expect(formatIp(parseIp('::ffff:127.0.0.1')!)).toBe('127.0.0.1');
    expect(formatIp(parseIp('::FFFF:7f00:1')!)).toBe('127.0.0.1');
    expect(unmapIPv4('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(formatIp(parseIp('fe80::1%eth0')!)).toBe('fe80::1');
  });
});

describe('inPrefix and keepPrefix agree with net.BlockList', () => {
  it('IPv4 and IPv6 ranges', () => {
    const family = fc.oneof(
      fc
        .tuple(v4, v4, fc.integer({ min: 0, max: 32 }))
        .map(([a, n, b]) => ({ a, n, b, type: 'ipv4' as const })),
      fc
        .tuple(v6Full, v6Full, fc.integer({ min: 0, max: 128 }))
        .filter(([a, n]) => parseIp(a)!.length === 16 && parseIp(n)!.length === 16)
        .map(([a, n, b]) => ({ a, n, b, type: 'ipv6' as const })),
    );
    fc.assert(
      fc.property(family, ({ a, n, b, type }) => {
        const list = new BlockList();
        list.addSubnet(n, b, type);
        expect(inPrefix(parseIp(a)!, parseIp(n)!, b)).toBe(list.check(a, type));
        // keepPrefix gives the network address: inside the range, and idempotent.
        const net = keepPrefix(parseIp(a)!, b);
        expect(inPrefix(parseIp(a)!, net, b)).toBe(true);
        expect(keepPrefix(net, b)).toEqual(net);
      }),
      RUNS,
    );
  });
});
