import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device } from '../helpers/device.js';
import { type RunningExample, startExample, testSecrets } from '../helpers/example-process.js';
import { type RunningPython, runPytest, runPythonToExit, startPython } from '../helpers/python-process.js';
import { SERVICE_KEY, startServiceProcess } from '../helpers/service-process.js';

// One SQLite store and one keyring: `coatcheck serve`, the Express example (Node) and the FastAPI
// and Django examples (Python, through the service) all see the same sessions.
const PASSWORD = `pw-${process.pid}-${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-python-'));
const store = `sqlite:${join(dir, 'shared.db')}`;
let service: Awaited<ReturnType<typeof startServiceProcess>>;
let node: RunningExample;
let fastapi: RunningPython;
let django: RunningPython;
let serviceUrl: string;
let serviceStopped = false;

beforeAll(async () => {
  const secrets = testSecrets();
  [service, node] = await Promise.all([
    startServiceProcess(['--store', store], { COATCHECK_SECRETS: secrets }),
    startExample('express', {
      COATCHECK_SECRETS: secrets,
      EXAMPLE_PASSWORD: PASSWORD,
      COATCHECK_STORE: store,
    }),
  ]);
  // The URL the service prints is also the issuer it signs as: the Python side's issuer default.
  serviceUrl = service.url;
  const env = { COATCHECK_SERVICE_URL: serviceUrl, COATCHECK_SERVICE_KEY: SERVICE_KEY };
  [fastapi, django] = await Promise.all([
    startPython('examples/fastapi/app.py', env),
    startPython('examples/django/serve.py', env),
  ]);
}, 90_000);
afterAll(async () => {
  await Promise.all([serviceStopped ? null : service?.stop(), node?.stop(), fastapi?.stop(), django?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const pythons = (): [string, RunningPython][] => [
  ['fastapi', fastapi],
  ['django', django],
];

/** The same device (cookie and CSRF token) pointed at another backend. */
function on(device: Device, base: string): Device {
  const other = new Device(base);
  other.token = device.token;
  other.csrfToken = device.csrfToken;
  return other;
}

async function signedIn(user: string): Promise<{ device: Device; sessionId: string }> {
  const device = new Device(node.url);
  const res = await device.login(user, PASSWORD);
  expect(res.status).toBe(200);
  return { device, sessionId: String(res.body.sessionId) };
}

async function accessToken(device: Device): Promise<string> {
  const res = await fetch(`${serviceUrl}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ token: device.token }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe('FastAPI and Django share the Node app’s sessions through coatcheck serve', () => {
  it('accept a session signed in through the Node app', async () => {
    const { device, sessionId } = await signedIn('alice');
    for (const [name, app] of pythons()) {
      const me = await on(device, app.url).request('GET', '/me');
      expect(me, name).toMatchObject({ status: 200, body: { userId: 'alice', sessionId } });
      expect(me.headers.get('cache-control')).toBe('no-store');
      expect((await new Device(app.url).request('GET', '/me')).status, name).toBe(401);
      const tossed = await new Device(app.url).request('GET', '/me', {
        headers: { cookie: `__Host-sid=${device.token}; __Host-sid=${device.token}` },
      });
      expect(tossed.status, `${name}: duplicate cookies are no session`).toBe(401);
      const garbage = await new Device(app.url).request('GET', '/me', {
        headers: { cookie: `__Host-sid=${'x'.repeat(600)}` },
      });
      expect(garbage).toMatchObject({ status: 401, body: { error: { code: 'ERR_NO_SESSION' } } });
    }
  });

  it('revoking from Python signs the user out in Node, and the reverse', async () => {
    for (const [name, app] of pythons()) {
      const { device } = await signedIn('bob');
      const other = await signedIn('bob');
      const res = await on(device, app.url).request('POST', '/sessions/revoke-all');
      expect(res, name).toMatchObject({ status: 200 });
      expect(Number(res.body.revoked), name).toBeGreaterThanOrEqual(2);
      expect((await device.request('GET', '/me')).status, name).toBe(401);
      expect((await other.device.request('GET', '/me')).status, name).toBe(401);
    }
    const { device } = await signedIn('carol');
    for (const [, app] of pythons())
      expect((await on(device, app.url).request('GET', '/me')).status).toBe(200);
    expect((await device.request('POST', '/logout')).status).toBe(204);
    for (const [name, app] of pythons()) {
      expect((await on(device, app.url).request('GET', '/me')).status, name).toBe(401);
    }
  });

  it('apply coatcheck’s cross-origin rules to unsafe requests, CSRF token checked by the service', async () => {
    const { device } = await signedIn('alice');
    const stranger = await signedIn('bob');
    for (const [name, app] of pythons()) {
      const here = on(device, app.url);
      const refused: [string, Record<string, string>, string | null][] = [
        ['cross-site', { 'sec-fetch-site': 'cross-site' }, device.csrfToken],
        ['same-site', { 'sec-fetch-site': 'same-site' }, device.csrfToken],
        ['foreign origin', { origin: 'https://evil.example' }, device.csrfToken],
        ['no token', {}, null],
        ['another session’s token', {}, stranger.device.csrfToken],
        ['malformed token', {}, 'k1.nope'],
      ];
      for (const [what, headers, csrf] of refused) {
        here.csrfToken = csrf;
        const res = await here.request('POST', '/sessions/revoke-others', { headers });
        // The same codes as the Node adapters: a missing token, a wrong one, or a cross-site request.
        const bare = Object.keys(headers).length === 0;
        const code = !bare ? 'ERR_CROSS_ORIGIN' : csrf ? 'ERR_CSRF_REJECTED' : 'ERR_CSRF_TOKEN_MISSING';
        expect(res, `${name}: ${what}`).toMatchObject({ status: 403, body: { error: { code } } });
      }
      here.csrfToken = null;
      const sameOrigin = await here.request('POST', '/sessions/revoke-others', {
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect(sameOrigin.status, `${name}: same-origin`).toBe(200);
      here.csrfToken = device.csrfToken;
      expect((await here.request('POST', '/sessions/revoke-others')).status, `${name}: token`).toBe(200);
    }
    expect((await device.request('GET', '/me')).status).toBe(200);
  });

  it('the service checks a CSRF token for backends without the keyring', async () => {
    const { device } = await signedIn('alice');
    const stranger = await signedIn('bob');
    const validate = async (csrfToken: unknown) => {
      const res = await fetch(`${serviceUrl}/v1/sessions/validate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token: device.token, csrfToken }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await validate(device.csrfToken)).toMatchObject({ status: 200, body: { csrfValid: true } });
    expect(await validate(stranger.device.csrfToken)).toMatchObject({
      status: 200,
      body: { csrfValid: false },
    });
    expect(await validate('k1.nope')).toMatchObject({ status: 200, body: { csrfValid: false } });
    expect((await validate('x'.repeat(200))).status).toBe(400);
    expect((await validate(undefined)).body).not.toHaveProperty('csrfValid');
  });

  it('verify the service’s access tokens locally and refuse tampered ones', async () => {
    const { device, sessionId } = await signedIn('carol');
    const token = await accessToken(device);
    const [head, payload, sig] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'alice' })).toString('base64url');
    const flipped = `${sig.slice(0, 5)}${sig[5] === 'A' ? 'B' : 'A'}${sig.slice(6)}`;
    for (const [name, app] of pythons()) {
      const call = (bearer: string) =>
        new Device(app.url).request('GET', '/api/me', { headers: { authorization: `Bearer ${bearer}` } });
      expect(await call(token), name).toMatchObject({
        status: 200,
        body: { userId: 'carol', sessionId, via: 'bearer' },
      });
      for (const bad of [
        `${head}.${forged}.${sig}`,
        `${head}.${payload}.${flipped}`,
        `${head}.${payload}.`,
      ]) {
        const res = await call(bad);
        expect(res, name).toMatchObject({ status: 401, body: { error: { message: 'invalid_token' } } });
        expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      }
    }
  });

  it('the Python client and verifier pass their checks against the live service', async () => {
    const issuer = serviceUrl;
    const env = {
      COATCHECK_SERVICE_URL: serviceUrl,
      COATCHECK_SERVICE_KEY: SERVICE_KEY,
      COATCHECK_ISSUER: issuer,
    };
    const { status, passed, output } = await runPytest('clients/python/e2e', env);
    expect(status, output).toBe(0);
    expect(passed, output).toBe(6);
  }, 60_000);

  it('refuse to start without a service key or with plain HTTP outside loopback', async () => {
    for (const script of ['examples/fastapi/app.py', 'examples/django/serve.py']) {
      const missing = await runPythonToExit(script, {});
      expect(missing.code, script).toBe(1);
      expect(missing.stderr).toMatch(/^cannot start: COATCHECK_SERVICE_KEY is required/m);
      const plain = await runPythonToExit(script, {
        COATCHECK_SERVICE_URL: 'http://10.1.2.3:3000',
        COATCHECK_SERVICE_KEY: SERVICE_KEY,
      });
      expect(plain.code, script).toBe(1);
      expect(plain.stderr).toMatch(/https \(http only on loopback\)/);
      expect(plain.stderr).not.toContain(SERVICE_KEY);
    }
  }, 60_000);

  it('answer 503 when the service is down, never a crash or an anonymous pass', async () => {
    const { device } = await signedIn('alice');
    const token = await accessToken(device);
    await service.stop();
    serviceStopped = true;
    for (const [name, app] of pythons()) {
      const here = on(device, app.url);
      for (const [method, path] of [
        ['GET', '/me'],
        ['POST', '/sessions/revoke-all'],
      ] as const) {
        const res = await here.request(method, path);
        expect(res, `${name} ${method} ${path}`).toMatchObject({
          status: 503,
          body: { error: { code: 'ERR_STORE_UNAVAILABLE' } },
        });
        expect(res.headers.get('retry-after')).toBe('1');
      }
      // Local verification needs no service call: the cached JWKS still verifies.
      const bearer = await new Device(app.url).request('GET', '/api/me', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(bearer.status, name).toBe(200);
      expect((await new Device(app.url).request('GET', '/me')).status, `${name} still serves`).toBe(401);
    }
  });
});
