import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { loadSecrets } from '../../src/server/secrets.js';
import { startService } from '../../src/server/serve.js';

describe('service secrets', () => {
  it('development: generates once into a 0600 file, announces it, and never prints the keyring or service key', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coatcheck-secrets-'));
    try {
      const lines: string[] = [];
      const first = loadSecrets({ env: {}, dataDir, production: false, say: (l) => void lines.push(l) });
      const file = join(dataDir, 'secrets.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8')).serviceKeys).toEqual(first.serviceKeys);
      const printed = lines.join('\n');
      expect(printed).toContain(file);
      expect(printed).not.toContain(first.serviceKeys[0]);
      expect(printed).not.toContain(first.secrets.slice(3));
      expect(loadSecrets({ env: {}, dataDir, production: false, say: () => {} })).toEqual(first);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('production: refuses missing or weak secrets, naming none', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coatcheck-secrets-'));
    const run = (env: Record<string, string>) => () =>
      loadSecrets({ env, dataDir, production: true, say: () => {} });
    expect(run({})).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_WEAK' }));
    expect(run({ COATCHECK_SECRETS: 'k1:changeme', COATCHECK_SERVICE_KEYS: 'x'.repeat(40) })).toThrow(/k1/);
    expect(run({ COATCHECK_SECRETS: 'k1:changeme', COATCHECK_SERVICE_KEYS: 'x'.repeat(40) })).not.toThrow(
      /changeme/,
    );
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('production: the demo needs a strong password, and an app key is held to the same length as any', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coatcheck-secrets-'));
    try {
      const base = {
        COATCHECK_SECRETS: Keyring.generateSecret('k1'),
        COATCHECK_SERVICE_KEYS: `ck_${'x'.repeat(40)}`,
      };
      const run = (env: Record<string, string>, demo: boolean) => () =>
        loadSecrets({ env, dataDir, production: true, demo, say: () => {} });
      expect(run(base, false)).not.toThrow();
      expect(run(base, true)).toThrow(/COATCHECK_DEMO_PASSWORD/);
      expect(run({ ...base, COATCHECK_DEMO_PASSWORD: 'short' }, true)).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_WEAK' }),
      );
      expect(run({ ...base, COATCHECK_DEMO_PASSWORD: 'a-long-demo-password' }, true)).not.toThrow();
      expect(run({ ...base, COATCHECK_SERVICE_KEYS: `billing=${'y'.repeat(20)}` }, false)).toThrow(
        /32 characters/,
      );
      expect(run({ ...base, COATCHECK_SERVICE_KEYS: `billing=ck_${'y'.repeat(40)}` }, false)).not.toThrow();
      expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('production: `serve` stops before listening, with a message that names what is missing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coatcheck-secrets-'));
    try {
      const start = startService({
        host: '127.0.0.1',
        port: 0,
        store: 'memory:',
        demo: false,
        dataDir,
        env: { NODE_ENV: 'production' },
        say: () => {},
      });
      await expect(start).rejects.toMatchObject({
        code: 'ERR_CONFIG_WEAK',
        message: expect.stringMatching(/COATCHECK_SECRETS/),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
