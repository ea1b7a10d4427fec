import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device } from '../helpers/device.js';
import {
  type ExampleName,
  type RunningExample,
  runToExit,
  startExample,
  testSecrets,
} from '../helpers/example-process.js';
import { RedisFleet } from '../helpers/redis-servers.js';

const PASSWORD = `pw-${process.pid}-${Date.now()}`;

/**
 * The one walk every example server passes, as a real process over real HTTP on its own SQLite
 * file: the route and environment contract of examples/README.md.
 */
export function describeExample(name: ExampleName, backend: 'sqlite' | 'redis' = 'sqlite'): void {
  describe(`examples/${name} as a process, on ${backend}`, () => {
    let example: RunningExample;
    let dir: string;
    // A Redis server of its own: the example's users and key prefix are fixed, so a shared server
    // would mix its sessions with other tests'.
    const fleet = backend === 'redis' ? new RedisFleet() : null;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `coatcheck-example-${name}-`));
      const store = fleet
        ? `redis://127.0.0.1:${(await fleet.server()).port}`
        : `sqlite:${join(dir, 'sessions.db')}`;
      example = await startExample(name, {
        COATCHECK_SECRETS: testSecrets(),
        EXAMPLE_PASSWORD: PASSWORD,
        COATCHECK_STORE: store,
      });
    });
    afterAll(async () => {
      await example?.stop();
      await fleet?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints exactly one line, listening on its URL', () => {
      expect(example.output()).toBe(`listening on http://127.0.0.1:${example.port}\n`);
    });

    it('walks login → /me → devices → revoke others → logout → /me 401', async () => {
      const laptop = new Device(example.url, 'Laptop');
      const phone = new Device(example.url, 'Phone');
      const signedIn = await laptop.login('alice', PASSWORD);
      expect(signedIn.status).toBe(200);
      expect(Object.keys(signedIn.body).sort()).toEqual(['csrfToken', 'sessionId', 'userId']);
      expect(signedIn.headers.getSetCookie().join()).toMatch(
        /__Host-sid=.+; Path=\/.*Secure; HttpOnly; SameSite=Lax/,
      );
      expect((await phone.login('alice', PASSWORD)).status).toBe(200);

      const me = await laptop.request('GET', '/me');
      expect(me).toMatchObject({
        status: 200,
        body: { userId: 'alice', sessionId: signedIn.body.sessionId },
      });
      const devices = await laptop.request('GET', '/sessions');
      const list = devices.body.sessions as { id: string; current: boolean; userAgent: string }[];
      expect(list.map((d) => d.userAgent).sort()).toEqual(['Laptop', 'Phone']);
      expect(list.find((d) => d.current)?.id).toBe(signedIn.body.sessionId);
      expect(JSON.stringify(list)).not.toContain(laptop.token!.split('.')[1]);

      expect(await laptop.request('POST', '/sessions/revoke-others')).toMatchObject({
        status: 200,
        body: { revoked: 1 },
      });
      expect((await phone.request('GET', '/me')).status).toBe(401);
      expect(((await laptop.request('GET', '/sessions')).body.sessions as unknown[]).length).toBe(1);

      const token = laptop.token;
      const out = await laptop.request('POST', '/logout');
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().join()).toMatch(/__Host-sid=;.*Max-Age=0/);
      laptop.token = token;
      const after = await laptop.request('GET', '/me');
      expect(after).toMatchObject({ status: 401, body: { error: { code: 'ERR_NO_SESSION' } } });
    });

    it('signing in kills the token the client had before (no fixation)', async () => {
      const device = new Device(example.url);
      const first = await device.login('bob', PASSWORD);
      const before = device.token!;
      const second = await device.login('bob', PASSWORD);
      expect(second.status).toBe(200);
      expect(device.token).not.toBe(before);
      expect(second.body.sessionId).not.toBe(first.body.sessionId);
      const old = new Device(example.url);
      old.token = before;
      expect((await old.request('GET', '/me')).status).toBe(401);
      expect((await device.request('GET', '/me')).status).toBe(200);
      const planted = new Device(example.url);
      planted.token = 'AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
      await planted.login('bob', PASSWORD);
      expect(planted.token).not.toContain('AAAAAAAAAAAAAAAAAAAAAA');
    });

    it('refuses cross-site state changes with 403 and changes nothing', async () => {
      const victim = new Device(example.url, 'Victim laptop');
      await victim.login('carol', PASSWORD);
      await new Device(example.url, 'Victim phone').login('carol', PASSWORD);
      const attacks: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site', origin: 'http://evil.example' },
        { 'sec-fetch-site': 'same-site', origin: 'http://sub.127.0.0.1.example' },
        { origin: 'http://evil.example' },
        { origin: 'null' },
      ];
      const attacker = new Device(example.url);
      attacker.token = victim.token;
      for (const headers of attacks) {
        for (const path of ['/sessions/revoke-others', '/logout']) {
          const res = await attacker.request('POST', path, { headers });
          expect(res, `${path} ${JSON.stringify(headers)}`).toMatchObject({
            status: 403,
            body: { error: { code: 'ERR_CROSS_ORIGIN' } },
          });
        }
      }
      // No Fetch Metadata and no Origin, with the cookie but without the CSRF token: refused too.
      expect((await attacker.request('POST', '/sessions/revoke-others')).status).toBe(403);
      expect((await victim.request('GET', '/me')).body.userId).toBe('carol');
      expect(((await victim.request('GET', '/sessions')).body.sessions as unknown[]).length).toBe(2);
      // The refusals above are about the origin: the server's own origin is trusted by default.
      const sameOrigin = new Device(example.url);
      sameOrigin.token = victim.token;
      const own = await sameOrigin.request('POST', '/sessions/revoke-others', {
        headers: { origin: example.url },
      });
      expect(own).toMatchObject({ status: 200, body: { revoked: 1 } });
    });

    it('answers bad input with JSON errors, never a 500', async () => {
      const device = new Device(example.url);
      expect(await device.login('alice', 'wrong')).toMatchObject({
        status: 401,
        body: { error: { code: 'ERR_BAD_CREDENTIALS' } },
      });
      expect((await device.login('mallory', PASSWORD)).status).toBe(401);
      const malformed = await fetch(`${example.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username":',
      });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ error: { code: 'ERR_BAD_REQUEST' } });
      expect((await device.request('GET', '/nowhere')).status).toBe(404);
      expect((await device.request('GET', '/sessions')).status).toBe(401);
      expect((await device.request('POST', '/sessions/revoke-others')).status).toBe(401);
    });

    it('serves a sign-in page, and signs in from its form', async () => {
      const page = await new Device(example.url).request('GET', '/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(String(page.body)).toContain('id="sign-in"');
      const form = await fetch(`${example.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams({ username: 'alice', password: PASSWORD }),
        redirect: 'manual',
      });
      expect(form.status).toBe(303);
      expect(form.headers.get('location')).toBe('/');
      expect(form.headers.getSetCookie().join()).toContain('__Host-sid=');
    });

    it('refuses to start without COATCHECK_SECRETS or EXAMPLE_PASSWORD, or on plain HTTP off loopback', async () => {
      const store = `sqlite:${join(dir, 'unused.db')}`;
      const noSecrets = await runToExit(name, { EXAMPLE_PASSWORD: PASSWORD, COATCHECK_STORE: store });
      expect(noSecrets.code).toBe(1);
      expect(noSecrets.stdout).toBe('');
      expect(noSecrets.stderr).toContain('COATCHECK_SECRETS is required');
      const noPassword = await runToExit(name, { COATCHECK_SECRETS: testSecrets(), COATCHECK_STORE: store });
      expect(noPassword.code).toBe(1);
      expect(noPassword.stderr).toContain('EXAMPLE_PASSWORD is required');
      const weak = await runToExit(name, { COATCHECK_SECRETS: 'k1:short', EXAMPLE_PASSWORD: PASSWORD });
      expect(weak.code).toBe(1);
      expect(weak.stderr).not.toContain('k1:short');
      const exposed = await runToExit(name, {
        COATCHECK_SECRETS: testSecrets(),
        EXAMPLE_PASSWORD: PASSWORD,
        COATCHECK_STORE: store,
        HOST: '0.0.0.0',
      });
      expect(exposed.code).toBe(1);
      expect(exposed.stderr).toContain('COATCHECK_ALLOW_PLAIN_HTTP');
    });
  });
}
