import { describe, expect, it } from 'vitest';
import { createSessionManager } from '../../src/index.js';
import { readSettings, refreshLifetimes } from '../../src/server/settings.js';
import { MemoryStore } from '../../src/stores/memory/index.js';

describe('service settings from the environment', () => {
  it('reads timeouts, the session limit, the store timeout and the log level', () => {
    const settings = readSettings({
      COATCHECK_IDLE_TIMEOUT: '90',
      COATCHECK_ABSOLUTE_TIMEOUT: '8h',
      COATCHECK_MAX_SESSIONS_PER_USER: '5',
      COATCHECK_SESSION_LIMIT_POLICY: 'reject',
      COATCHECK_STORE_TIMEOUT_MS: '250',
      COATCHECK_LOG_LEVEL: 'warn',
    });
    expect(settings).toEqual({
      manager: { idleTimeout: 90, absoluteTimeout: '8h', maxSessionsPerUser: 5, limitPolicy: 'reject' },
      storeTimeoutMs: 250,
      logLevel: 'warn',
    });
    expect(readSettings({})).toEqual({ manager: {}, storeTimeoutMs: undefined, logLevel: 'info' });
  });

  it('refuses malformed values with ERR_CONFIG_INVALID, naming the variable and never echoing it', () => {
    for (const env of [
      { COATCHECK_STORE_TIMEOUT_MS: '1e3' },
      { COATCHECK_MAX_SESSIONS_PER_USER: '-1' },
      { COATCHECK_SESSION_LIMIT_POLICY: 'drop-newest' },
      { COATCHECK_LOG_LEVEL: 'verbose' },
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
