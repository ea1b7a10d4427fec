import { describe, expect, it } from 'vitest';
import { TrustedProxies } from '../../src/http/index.js';
import { createSessionManager } from '../../src/index.js';
import { readSettings, refreshLifetimes } from '../../src/server/settings.js';
import { MemoryStore } from '../../src/stores/memory/index.js';

describe('service settings from the environment', () => {
  it('reads timeouts, the session limit, the store timeout, the log level, the key cache and the drain', () => {
    const settings = readSettings({
      COATCHECK_IDLE_TIMEOUT: '90',
      COATCHECK_ABSOLUTE_TIMEOUT: '8h',
      COATCHECK_MAX_SESSIONS_PER_USER: '5',
      COATCHECK_SESSION_LIMIT_POLICY: 'reject',
      COATCHECK_DATA_KEY_SCOPE: 'secret',
      COATCHECK_STORE_TIMEOUT_MS: '250',
      COATCHECK_LOG_LEVEL: 'warn',
      COATCHECK_KEY_CACHE_TTL: '5',
      COATCHECK_DRAIN_DELAY_MS: '3000',
      COATCHECK_SHUTDOWN_TIMEOUT_MS: '20000',
    });
    expect(settings).toEqual({
      manager: {
        idleTimeout: 90,
        absoluteTimeout: '8h',
        maxSessionsPerUser: 5,
        limitPolicy: 'reject',
        dataKeyScope: 'secret',
      },
      storeTimeoutMs: 250,
      logLevel: 'warn',
      trustedProxies: expect.any(TrustedProxies),
      keyCacheTtl: 5,
      drain: { drainDelayMs: 3000, shutdownTimeoutMs: 20_000 },
    });
    expect(readSettings({})).toEqual({
      manager: {},
      storeTimeoutMs: undefined,
      logLevel: 'info',
      trustedProxies: expect.any(TrustedProxies),
      keyCacheTtl: undefined,
      drain: { drainDelayMs: 0, shutdownTimeoutMs: 10_000 },
    });
  });

  it('refuses malformed values with ERR_CONFIG_INVALID, naming the variable and never echoing it', () => {
    for (const env of [
      { COATCHECK_STORE_TIMEOUT_MS: '1e3' },
      { COATCHECK_MAX_SESSIONS_PER_USER: '-1' },
      { COATCHECK_SESSION_LIMIT_POLICY: 'drop-newest' },
      { COATCHECK_DATA_KEY_SCOPE: 'user' },
      { COATCHECK_LOG_LEVEL: 'verbose' },
      { COATCHECK_DRAIN_DELAY_MS: '2s' },
      { COATCHECK_SHUTDOWN_TIMEOUT_MS: '-5' },
    ]) {
      const [name] = Object.keys(env);
      expect(() => readSettings(env), name).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
      expect(() => readSettings(env)).toThrow(new RegExp(name!));
    }
    const { manager } = readSettings({ COATCHECK_IDLE_TIMEOUT: 'soon' });
    expect(() => createSessionManager({ store: new MemoryStore(), ...manager })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
  });

  it('COATCHECK_TRUSTED_PROXIES: none by default, a hop count or ranges, a bad entry stops the start', () => {
    expect(readSettings({}).trustedProxies.clientAddress('10.0.0.1', '203.0.113.4')).toBe('10.0.0.1');
    const ranged = readSettings({ COATCHECK_TRUSTED_PROXIES: '10.0.0.0/8, loopback' }).trustedProxies;
    expect(ranged.clientAddress('127.0.0.1', '203.0.113.4')).toBe('203.0.113.4');
    expect(ranged.clientAddress('192.0.2.1', '203.0.113.4')).toBe('192.0.2.1');
    const hops = readSettings({ COATCHECK_TRUSTED_PROXIES: '1' }).trustedProxies;
    expect(hops.clientAddress('192.0.2.1', '203.0.113.4')).toBe('203.0.113.4');
    for (const bad of ['10.0.0.0/40', 'haproxy', '99']) {
      expect(() => readSettings({ COATCHECK_TRUSTED_PROXIES: bad })).toThrow(
        expect.objectContaining({
          code: 'ERR_CONFIG_INVALID',
          message: expect.stringMatching(/^COATCHECK_TRUSTED_PROXIES: /),
        }),
      );
    }
  });

  it('reads the privacy settings into the manager option, and refuses other values', () => {
    expect(
      readSettings({
        COATCHECK_PRIVACY_IP: 'truncated',
        COATCHECK_PRIVACY_USER_AGENT: 'none',
        COATCHECK_PRIVACY_DEVICE_NAME: 'keep',
      }).manager,
    ).toEqual({ privacy: { ip: 'truncated', userAgent: false, deviceName: true } });
    expect(readSettings({ COATCHECK_PRIVACY_IP: 'hashed' }).manager).toEqual({ privacy: { ip: 'hashed' } });
    for (const [name, value] of [
      ['COATCHECK_PRIVACY_IP', 'anonymised'],
      ['COATCHECK_PRIVACY_USER_AGENT', 'false'],
      ['COATCHECK_PRIVACY_DEVICE_NAME', '0'],
    ] as const) {
      expect(() => readSettings({ [name]: value })).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining(name) }),
      );
    }
  });

  it('keeps refresh families at least 60 s, and never shorter-lived absolutely than idle', () => {
    expect(refreshLifetimes({ idleMs: 4000, absoluteMs: 12_000 })).toEqual({
      refreshIdleTimeout: 60,
      refreshAbsoluteTimeout: 60,
    });
    expect(refreshLifetimes({ idleMs: 1_800_000, absoluteMs: 43_200_000 })).toEqual({
      refreshIdleTimeout: 1800,
      refreshAbsoluteTimeout: 43_200,
    });
  });
});
