import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { startService } from '../../src/server/serve.js';
import { recordSecret } from '../helpers/log-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-issuer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = `ck_${'i'.repeat(40)}`;

/** Starts the service as `coatcheck serve` does and returns the `iss` of an access token it issues. */
async function issuedBy(extraEnv: Record<string, string> = {}) {
  const secrets = Keyring.generateSecret('k1');
  recordSecret(secrets, KEY);
  const lines: string[] = [];
  const service = await startService({
    host: '127.0.0.1',
    port: 0,
    store: 'memory:',
    demo: false,
    dataDir: dir,
    env: {
      NODE_ENV: 'test',
      COATCHECK_LOG_LEVEL: 'silent',
      COATCHECK_SECRETS: secrets,
      COATCHECK_SERVICE_KEYS: KEY,
      ...extraEnv,
    },
    say: (line) => lines.push(line),
  });
  try {
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.ok).toBe(true);
      return (await res.json()) as Record<string, string>;
    };
    const { token } = await call('/v1/sessions', { userId: 'alice' });
    const { accessToken } = await call('/v1/tokens', { token });
    recordSecret(token, accessToken);
    return { url: service.url, issuer: service.issuer, iss: decodeJwt(accessToken!).iss };
  } finally {
    await service.close();
  }
}

describe('the issuer of the service’s access tokens', () => {
  it('is the URL the service prints, so a verifier set up from that URL accepts its tokens', async () => {
    const { url, issuer, iss } = await issuedBy();
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(iss).toBe(url);
    expect(issuer).toBe(url);
  });

  it('is COATCHECK_ISSUER when set, and startService reports it beside the URL', async () => {
    const { url, issuer, iss } = await issuedBy({ COATCHECK_ISSUER: 'https://auth.example.com' });
    expect(iss).toBe('https://auth.example.com');
    expect(issuer).toBe('https://auth.example.com');
    expect(url).not.toBe(issuer);
  });
});
