// Device names made once at sign-in, and the privacy options: what a session keeps of the client.
import { describe, expect, it } from 'vitest';
import { deviceName } from '../../src/core/device-name.js';
import { createSessionManager, isSessionError, Keyring, type PrivacyOptions } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { setup } from '../helpers/manager.js';

const USER_AGENTS = {
  chromeMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36',
  safariIpad:
    'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
};

describe('deviceName', () => {
  it('names the devices people have in words they recognise', () => {
    expect(deviceName(USER_AGENTS.chromeMac)).toBe('Chrome 156 on macOS');
    expect(deviceName(USER_AGENTS.safariIphone)).toBe('Safari on iPhone');
    expect(deviceName(USER_AGENTS.firefoxWindows)).toBe('Firefox 140 on Windows');
    expect(deviceName(USER_AGENTS.edgeWindows)).toBe('Edge 130 on Windows');
    expect(deviceName(USER_AGENTS.chromeAndroid)).toBe('Chrome on Android');
    expect(deviceName(USER_AGENTS.safariIpad)).toBe('Safari on iPad');
  });

  it('names non-browser clients by product, and nothing it cannot read', () => {
    expect(deviceName('curl/8.5.0')).toBe('curl 8');
    expect(deviceName('python-httpx/0.27.0')).toBe('python-httpx 0');
    expect(deviceName('Mozilla/5.0 (compatible; ???)')).toBeUndefined();
    for (const nothing of [undefined, '', '   ', '\u0000\u0001']) expect(deviceName(nothing)).toBeUndefined();
    expect(deviceName(`x${'y'.repeat(5000)}`)!.length).toBeLessThanOrEqual(64);
  });
});

const CHROME = USER_AGENTS.chromeMac;

async function signIn(privacy: PrivacyOptions | undefined, ip: string, userAgent = CHROME) {
  const { manager } = setup({ privacy });
  const { session } = await manager.create({ userId: 'alice' }, { ip, userAgent });
  const [listed] = await manager.list('alice');
  expect(listed!.ip).toBe(session.meta.ip); // the listing shows what was stored, nothing re-made
  return { manager, session, listed: listed! };
}

describe('session metadata under the privacy options', () => {
  it('defaults: the full IP (unmapped, canonical), the User-Agent and the device name', async () => {
    const { listed } = await signIn(undefined, '::ffff:192.0.2.7');
    expect(listed).toMatchObject({ ip: '192.0.2.7', userAgent: CHROME, device: 'Chrome 156 on macOS' });
    expect((await signIn(undefined, '2001:DB8:0:0:0::1')).listed.ip).toBe('2001:db8::1');
  });

  it('truncated: IPv4 to its /24, IPv6 to its /48; text that is no address is not kept', async () => {
    expect((await signIn({ ip: 'truncated' }, '203.0.113.77')).listed.ip).toBe('203.0.113.0');
    expect((await signIn({ ip: 'truncated' }, '2001:db8:1234:5678::9')).listed.ip).toBe('2001:db8:1234::');
    expect((await signIn({ ip: 'truncated' }, 'unknown')).listed.ip).toBeUndefined();
  });

  it('hashed: a keyed HMAC naming its key, the same for one address, never the address', async () => {
    const secrets = Keyring.generateSecret('k7');
    const a = createSessionManager({ store: new MemoryStore(), secrets, privacy: { ip: 'hashed' } });
    await a.create({ userId: 'alice' }, { ip: '198.51.100.4' });
    await a.create({ userId: 'alice' }, { ip: '::ffff:198.51.100.4' });
    await a.create({ userId: 'alice' }, { ip: '198.51.100.5' });
    const ips = (await a.list('alice')).map((s) => s.ip!);
    for (const ip of ips) expect(ip).toMatch(/^hmac:k7:[A-Za-z0-9_-]{16}$/);
    expect(new Set(ips).size).toBe(2);
    expect(ips.join()).not.toContain('198.51.100');
    // Another secret gives other values: the hash is keyed, not a plain digest anyone can redo.
    const b = createSessionManager({
      store: new MemoryStore(),
      secrets: Keyring.generateSecret('k7'),
      privacy: { ip: 'hashed' },
    });
    await b.create({ userId: 'alice' }, { ip: '198.51.100.4' });
    expect(ips).not.toContain((await b.list('alice'))[0]!.ip);
  });

  it('none, and no User-Agent or device name when asked', async () => {
    const { listed, session } = await signIn({ ip: 'none', userAgent: false }, '192.0.2.7');
    expect(listed.ip).toBeUndefined();
    expect(listed.userAgent).toBeUndefined();
    expect(listed.device).toBe('Chrome 156 on macOS');
    expect(session.meta).toEqual({ device: 'Chrome 156 on macOS' });
    const bare = await signIn({ userAgent: false, deviceName: false }, '192.0.2.7');
    expect(bare.session.meta).toEqual({ ip: '192.0.2.7' });
  });

  it('a regenerated session keeps its metadata as it was kept (hashing twice would change it)', async () => {
    for (const ip of ['full', 'truncated', 'hashed', 'none'] as const) {
      const { manager } = setup({ privacy: { ip } });
      const { token, session } = await manager.create(
        { userId: 'alice' },
        { ip: '203.0.113.77', userAgent: CHROME },
      );
      const rotated = await manager.regenerate(token, {}, {});
      expect(rotated.session.meta, ip).toEqual(session.meta);
      // A new User-Agent at step-up names the device afresh.
      const again = await manager.regenerate(rotated.token, {}, { userAgent: USER_AGENTS.safariIphone });
      expect(again.session.meta.device).toBe('Safari on iPhone');
    }
  });

  it('refuses what cannot work when the manager is built', () => {
    const build = (privacy: PrivacyOptions, secrets?: string) => () =>
      createSessionManager({ store: new MemoryStore(), secrets, privacy, encryptData: false });
    for (const bad of [
      build({ ip: 'hashed' }),
      build({ ip: 'partial' as never }, Keyring.generateSecret()),
    ]) {
      let caught: unknown;
      try {
        bad();
      } catch (error) {
        caught = error;
      }
      expect(isSessionError(caught) && caught.code).toBe('ERR_CONFIG_INVALID');
    }
  });
});
