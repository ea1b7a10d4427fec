import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { serveOptions } from '../../src/cli/serve.js';

describe('coatcheck serve options', () => {
  it('defaults: 127.0.0.1:3000, SQLite under ./data, no demo, no TLS', () => {
    expect(serveOptions([], {})).toEqual({
      help: false,
      json: false,
      host: '127.0.0.1',
      port: 3000,
      store: undefined,
      demo: false,
      dataDir: 'data',
      tls: undefined,
    });
  });

  it('reads every environment variable, and flags win over them', () => {
    const env = {
      HOST: '::1',
      PORT: '4000',
      COATCHECK_STORE: 'memory:',
      COATCHECK_DATA_DIR: '/var/lib/cc',
      COATCHECK_TLS_CERT: '/etc/cc/cert.pem',
      COATCHECK_TLS_KEY: '/etc/cc/key.pem',
    };
    expect(serveOptions([], env)).toMatchObject({
      host: '::1',
      port: 4000,
      store: 'memory:',
      dataDir: '/var/lib/cc',
      tls: { cert: '/etc/cc/cert.pem', key: '/etc/cc/key.pem' },
    });
    const flags = [
      '--host',
      'localhost',
      '--port',
      '0',
      '--store',
      'redis://127.0.0.1:6380',
      '--data-dir',
      'd',
      '--demo',
      '--json',
      '--tls-cert',
      'c.pem',
      '--tls-key',
      'k.pem',
    ];
    expect(serveOptions(flags, env)).toEqual({
      help: false,
      json: true,
      host: 'localhost',
      port: 0,
      store: 'redis://127.0.0.1:6380',
      demo: true,
      dataDir: 'd',
      tls: { cert: 'c.pem', key: 'k.pem' },
    });
  });

  it('usage errors: bad port, half a TLS pair, unknown flag, a stray argument', () => {
    for (const args of [
      ['--port', '70000'],
      ['--port', '-1'],
      ['--port', 'x'],
      ['--tls-cert', 'c.pem'],
      ['--bogus'],
      ['extra'],
    ]) {
      expect(() => serveOptions(args, {}), args.join(' ')).toThrow(UsageError);
    }
    expect(() => serveOptions([], { PORT: '3.5' })).toThrow(UsageError);
    expect(() => serveOptions([], { COATCHECK_TLS_KEY: 'k.pem' })).toThrow(/both/);
  });
});
