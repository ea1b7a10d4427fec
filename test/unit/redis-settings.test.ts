// The service's Redis credentials and TLS files from its environment: what is read, and the
// mistakes that stop the start with ERR_CONFIG_INVALID instead of being ignored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRedisSecurity, readRedisSecurity } from '../../src/server/redis-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-redis-settings-'));
const ca = join(dir, 'ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const invalid = (message: RegExp) =>
  expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message: expect.stringMatching(message) });

describe('readRedisSecurity', () => {
  it('reads sentinel and data-node credentials apart, and the CA file as PEM text', () => {
    const security = readRedisSecurity({
      COATCHECK_REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
      COATCHECK_REDIS_USERNAME: 'coatcheck',
      COATCHECK_REDIS_PASSWORD: 'data-pw',
      COATCHECK_REDIS_CA_FILE: ca,
    });
    expect(security).toEqual({
      sentinelAuth: { password: 'sentinel-pw' },
      auth: { username: 'coatcheck', password: 'data-pw' },
      tls: { ca: expect.stringContaining('BEGIN CERTIFICATE') },
    });
  });

  it('treats unset and empty alike: nothing', () => {
    expect(readRedisSecurity({})).toEqual({});
    expect(readRedisSecurity({ COATCHECK_REDIS_PASSWORD: '', COATCHECK_REDIS_CA_FILE: '' })).toEqual({});
  });

  it('refuses a user without a password', () => {
    expect(() => readRedisSecurity({ COATCHECK_REDIS_SENTINEL_USERNAME: 'watcher' })).toThrow(
      invalid(/COATCHECK_REDIS_SENTINEL_USERNAME needs COATCHECK_REDIS_SENTINEL_PASSWORD/),
    );
  });

  it('refuses an unreadable file, naming the variable and the path', () => {
    const missing = join(dir, 'nope.pem');
    expect(() => readRedisSecurity({ COATCHECK_REDIS_CA_FILE: missing })).toThrow(
      invalid(new RegExp(`COATCHECK_REDIS_CA_FILE: cannot read ${missing} \\(ENOENT\\)`)),
    );
  });
});

describe('checkRedisSecurity', () => {
  it('refuses settings the topology would ignore', () => {
    expect(() => checkRedisSecurity({ sentinelAuth: { password: 'x' } }, 'url')).toThrow(
      invalid(/redis-sentinel/),
    );
    expect(() => checkRedisSecurity({ auth: { password: 'x' } }, 'cluster')).toThrow(
      invalid(/redis-sentinel/),
    );
    expect(() => checkRedisSecurity({ tls: { ca: 'x' } }, 'sentinel')).toThrow(invalid(/rediss:\/\//));
  });

  it('accepts each where it applies, and never puts a password in a message', () => {
    expect(() => checkRedisSecurity({ tls: { ca: 'x' } }, 'url')).not.toThrow();
    const both = { auth: { password: 'data-pw' }, sentinelAuth: { password: 'sentinel-pw' } };
    expect(() => checkRedisSecurity(both, 'sentinel')).not.toThrow();
    expect(() => checkRedisSecurity(both, 'url')).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INVALID',
        message: expect.not.stringMatching(/data-pw|sentinel-pw/),
      }),
    );
  });
});
