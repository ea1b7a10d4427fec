import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../../src/server/serve.js';
import { checkTransport } from '../../src/server/transport.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-tls-'));
const tls = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
const env = {
  NODE_ENV: 'test',
  COATCHECK_SERVICE_KEYS: `ck_${'t'.repeat(40)}`,
  COATCHECK_DEMO_PASSWORD: 'demo-password',
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// node:https with the test's own CA: the certificate is really verified (no rejectUnauthorized: false).
function https(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method: init.method ?? 'GET', headers: init.headers, ca: readFileSync(tls.cert) },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.once('error', reject);
    req.end(init.body);
  });
}

describe('coatcheck serve over TLS', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    // Debian's openssl: a throwaway self-signed certificate for localhost and 127.0.0.1.
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      tls.key,
      '-out',
      tls.cert,
    ]);
    service = await startService({
      host: '127.0.0.1',
      port: 0,
      store: 'memory:',
      demo: true,
      dataDir: dir,
      tls,
      env,
      say: () => {},
    });
  });
  afterAll(async () => {
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS with the given certificate, and the demo trusts its own https origins', async () => {
    expect(service.url).toMatch(/^https:\/\/localhost:\d+$/);
    const health = await https(`${service.url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', store: 'memory' });

    const login = (origin: string) =>
      https(`${service.url}/auth/login`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: 'demo-password' }),
      });
    const ok = await login(service.url);
    expect(ok.status).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/^__Host-sid=.+; Secure/);
    expect((await login(service.url.replace('https:', 'http:'))).status).toBe(403);
  });

  it('does not answer plain HTTP on the TLS port', async () => {
    const port = new URL(service.url).port;
    const answered = await new Promise<number | 'refused'>((resolve) => {
      const req = httpRequest(`http://127.0.0.1:${port}/healthz`, (res) => resolve(res.statusCode ?? 0));
      req.once('error', () => resolve('refused'));
      req.end();
    });
    expect(answered === 'refused' || answered === 400).toBe(true);
  });

  it('refuses plain HTTP outside loopback unless acknowledged, before listening', async () => {
    expect(() => checkTransport('0.0.0.0', undefined, false)).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
    expect(() => checkTransport('10.1.2.3', undefined, false)).toThrow(/--tls-cert/);
    expect(() => checkTransport('0.0.0.0', tls, false)).not.toThrow();
    expect(() => checkTransport('0.0.0.0', undefined, true)).not.toThrow();
    for (const host of ['127.0.0.1', 'localhost', '::1'])
      expect(() => checkTransport(host, undefined, false)).not.toThrow();
    await expect(
      startService({
        host: '0.0.0.0',
        port: 0,
        store: 'memory:',
        demo: false,
        dataDir: dir,
        env,
        say: () => {},
      }),
    ).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    await expect(
      startService({
        host: '127.0.0.1',
        port: 0,
        store: 'memory:',
        demo: false,
        dataDir: dir,
        env,
        say: () => {},
        tls: { cert: join(dir, 'missing.pem'), key: tls.key },
      }),
    ).rejects.toThrow(/TLS certificate file/);
  });
});
