import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecrets } from '../../src/server/secrets.js';

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
});
