// Three `coatcheck serve` instances on one Redis behind HAProxy (Debian's package, the
// repository's deploy/haproxy/haproxy.cfg) terminating TLS with a certificate made by openssl.
// Under steady load through the proxy: a rolling restart fails no request; a key rotation and a
// withdrawal made on one instance reach every instance within the key cache TTL; an instance
// killed with SIGKILL loses only the requests it had in flight, and no session. Sessions record the
// client's address from HAProxy's X-Forwarded-For (COATCHECK_TRUSTED_PROXIES), and a client
// talking to an instance directly cannot forge it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cookieFrom, requestFrom } from '../helpers/forwarding-proxy.js';
import { type HaproxyProcess, startHaproxy } from '../helpers/haproxy-process.js';
import { type Load, type Sample, startLoad, summarize } from '../helpers/http-load.js';
import { httpsJsonClient, type JsonClient } from '../helpers/https-json.js';
import { recordSecret } from '../helpers/log-capture.js';
import { cpuMs } from '../helpers/process-cpu.js';
import { makeCertificates } from '../helpers/redis-secure.js';
import { freePort } from '../helpers/redis-servers.js';
import { type ServiceFleet, startFleet } from '../helpers/service-fleet.js';
import { DEMO_PASSWORD, SERVICE_KEY } from '../helpers/service-process.js';

const KEY_CACHE_TTL_S = 2;
const CHECK_INTERVAL_MS = 200;
// Longer than HAProxy needs to mark a draining instance down ((fall 2 + 1) × interval), with room
// for a loaded machine.
const DRAIN_DELAY_MS = 2000;
// Paced (each client pauses between requests) so the suite leaves the test files running beside
// it their share of the machine: a few hundred requests a second, not as many as it can.
const WORKERS = 6;
const PAUSE_MS = 15;
const NAMES = ['coatcheck1', 'coatcheck2', 'coatcheck3'] as const;
const AUTH = { authorization: `Bearer ${SERVICE_KEY}` };
// Loopback addresses the test's clients connect from; HAProxy reaches the instances from 127.0.0.1.
const CLIENT = '127.0.0.5';
const DIRECT = '127.0.0.6';
const SPOOFED = '203.0.113.9';

function storeUrls(): Record<string, string> {
  const redis = inject('redis');
  const prefix = `mi${process.pid}x${Date.now().toString(36)}:`;
  const cluster = redis.cluster.nodes.map((n) => new URL(n).host).join(',');
  return {
    standalone: `${redis.standalone}?prefix=${prefix}`,
    cluster: `redis-cluster://${cluster}?prefix=${prefix}`,
  };
}

/** The `kid` in a JWT's protected header. */
function kidOf(jwt: string): string {
  return (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
}

describe.each(['standalone', 'cluster'] as const)(
  'three instances behind HAProxy with TLS (Redis %s)',
  (topology) => {
    let dir: string;
    let proxy: HaproxyProcess;
    let fleet: ServiceFleet;
    let client: JsonClient;
    let caFile: string;
    /** Session tokens created so far (by the load and the tests): none may be lost. */
    const sessions: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'coatcheck-multi-'));
      const port = await freePort();
      const publicUrl = `https://localhost:${port}`;
      // Everything starts at once: the certificate and HAProxy, and the three instances.
      const proxyStarted = makeCertificates(dir).then((certs) => {
        const pem = join(dir, 'proxy.pem');
        writeFileSync(pem, readFileSync(certs.cert, 'utf8') + readFileSync(certs.key, 'utf8'));
        return { certs, pem };
      });
      const fleetStarted = startFleet({
        store: storeUrls()[topology]!,
        publicUrl,
        env: {
          COATCHECK_KEY_CACHE_TTL: String(KEY_CACHE_TTL_S),
          COATCHECK_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
          COATCHECK_TRUSTED_PROXIES: '127.0.0.1',
        },
      });
      const [{ certs, pem }, started] = await Promise.all([proxyStarted, fleetStarted]);
      fleet = started;
      proxy = await startHaproxy({
        port,
        pem,
        checkInterval: `${CHECK_INTERVAL_MS}ms`,
        instances: fleet.ports.map((p) => `127.0.0.1:${p}`) as [string, string, string],
      });
      await Promise.all(NAMES.map((name) => proxy.waitForState(name, 'UP')));
      caFile = certs.ca;
      client = httpsJsonClient(proxy.url, caFile, WORKERS + 2);
    });

    afterAll(async () => {
      client?.close();
      recordSecret(...sessions);
      await Promise.all([proxy?.stop(), fleet?.stop()]);
      rmSync(dir, { recursive: true, force: true });
    });

    async function createSession(userId: string): Promise<string> {
      const res = await client.call('POST', '/v1/sessions', { userId }, AUTH);
      expect(res.status).toBe(201);
      const token = res.body.token as string;
      sessions.push(token);
      return token;
    }

    /** Steady traffic through the proxy: one session created for every four validations. */
    function steadyLoad(label: string): Load {
      return startLoad({
        workers: WORKERS,
        maxRequests: 1_000_000,
        pauseMs: PAUSE_MS,
        maxMs: 120_000,
        async request(i) {
          if (i % 5 === 0) {
            const res = await client.call('POST', '/v1/sessions', { userId: `${label}-${i}` }, AUTH);
            if (res.status === 201) sessions.push(res.body.token as string);
            return { status: res.status, verdict: res.status === 201 ? 'ok' : 'wrong' };
          }
          const token = sessions[i % sessions.length]!;
          const res = await client.call('POST', '/v1/sessions/validate', { token }, AUTH);
          return { status: res.status, verdict: res.status === 200 ? 'ok' : 'wrong' };
        },
      });
    }

    /** Every session created so far still validates, through the proxy. */
    async function expectNoSessionLost(): Promise<void> {
      const lost: number[] = [];
      for (let i = 0; i < sessions.length; i += 50) {
        const batch = sessions.slice(i, i + 50);
        const replies = await Promise.all(
          batch.map((token) => client.call('POST', '/v1/sessions/validate', { token }, AUTH)),
        );
        for (const [j, r] of replies.entries()) if (r.status !== 200) lost.push(i + j);
      }
      expect(lost).toEqual([]);
    }

    function figures(samples: Sample[], from: number, to: number) {
      const during = samples.filter((s) => s.at >= from && s.at - s.ms <= to);
      const failed = during.filter((s) => s.verdict !== 'ok');
      const sorted = during.map((s) => s.ms).sort((a, b) => a - b);
      return {
        requests: during.length,
        failed: failed.length,
        slowestMs: Math.round(summarize(during).p100),
        p99Ms: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
        statuses: summarize(failed).counts,
      };
    }

    it('serves through TLS at the proxy, from all three instances, sessions shared', async () => {
      const token = await createSession('first-user');
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${fleet.direct(i)}/v1/sessions/validate`, {
          method: 'POST',
          headers: { ...AUTH, 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        });
        expect(res.status, `instance ${i + 1}`).toBe(200);
      }
      const ready = await client.call('GET', '/readyz');
      expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
      expect(Object.values(await proxy.states()).map((state) => state.split(' ')[0])).toEqual([
        'UP',
        'UP',
        'UP',
      ]);
    });

    it('spreads steady load over all three instances (CPU per request, for sizing)', async () => {
      for (let i = 0; i < 20; i++) await createSession(`sizing-${i}`);
      const pids = [...fleet.instances.map((p) => p.pid), proxy.pid];
      const load = steadyLoad('sizing');
      await load.waitFor('ok', 200);
      const [before, counted, started] = [pids.map(cpuMs), load.samples.length, Date.now()];
      await load.waitFor('ok', 1500);
      const [after, requests, ms] = [pids.map(cpuMs), load.samples.length - counted, Date.now() - started];
      const samples = await load.stop();
      expect(samples.filter((s) => s.verdict !== 'ok')).toEqual([]);
      const used = after.map((a, i) => a - before[i]!);
      const byInstances = used[0]! + used[1]! + used[2]!;
      console.info(
        `[multi-instance ${topology}] CPU per request:`,
        JSON.stringify({
          requests,
          ms,
          instancesUs: Math.round((byInstances * 1000) / requests),
          haproxyUs: Math.round((used[3]! * 1000) / requests),
          shares: used.slice(0, 3).map((u) => Math.round((100 * u) / byInstances)),
        }),
      );
      // Round robin: each instance did about a third of the work.
      for (const u of used.slice(0, 3)) expect(u / byInstances).toBeGreaterThan(0.2);
    }, 30_000);

    it('rolls a restart of all three instances under load with no failed request', async () => {
      for (let i = 0; i < 20; i++) await createSession(`before-roll-${i}`);
      const load = steadyLoad('roll');
      await load.waitFor('ok', 200);
      const from = Date.now();
      for (let i = 0; i < 3; i++) {
        const sigterm = Date.now();
        // HAProxy must see the instance leave (its /readyz answers 503) before the instance exits.
        const markedDown = proxy.waitForState(NAMES[i]!, 'DOWN').then(() => Date.now());
        const restarting = fleet.restart(i);
        const downAt = await markedDown;
        expect(downAt - sigterm).toBeLessThan(DRAIN_DELAY_MS);
        expect(await restarting).toBe(0);
        await proxy.waitForState(NAMES[i]!, 'UP');
      }
      const to = Date.now();
      await load.waitFor('ok', 200);
      const samples = await load.stop();
      const roll = figures(samples, from, to);
      console.info(
        `[multi-instance ${topology}] rolling restart:`,
        JSON.stringify({ ...roll, ms: to - from }),
      );
      expect(roll.requests).toBeGreaterThan(100);
      expect(roll.statuses).toEqual({});
      expect(roll.failed).toBe(0);
      expect(samples.filter((s) => s.verdict !== 'ok')).toEqual([]);
      await expectNoSessionLost();
    }, 120_000);

    /** An access token for a new session, issued by instance `i` directly. */
    async function accessTokenFrom(i: number): Promise<string> {
      const token = await createSession(`tokens-${i}-${Date.now()}`);
      const res = await direct(i, 'POST', '/v1/tokens', { token });
      expect(res.status).toBe(200);
      const { accessToken, refreshToken } = (await res.json()) as Record<string, string>;
      recordSecret(accessToken, refreshToken);
      return accessToken!;
    }

    function direct(i: number, method: string, path: string, body?: unknown): Promise<Response> {
      return fetch(`${fleet.direct(i)}${path}`, {
        method,
        headers: { ...AUTH, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    }

    /** Whether instance `i` accepts the access token (the demo's /me verifies it with its cached keys). */
    async function verifies(i: number, accessToken: string): Promise<boolean> {
      const res = await fetch(`${fleet.direct(i)}/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      if (res.status !== 200 && res.status !== 401) throw new Error(`/me answered ${res.status}`);
      return res.status === 200;
    }

    async function publishedKids(i: number): Promise<string[]> {
      const res = await fetch(`${fleet.direct(i)}/.well-known/jwks.json`);
      return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    }

    /** Polls every instance until `holds(i)`; returns the milliseconds each took, from `since`. */
    async function msUntilEvery(since: number, holds: (i: number) => Promise<boolean>): Promise<number[]> {
      return Promise.all(
        [0, 1, 2].map(async (i) => {
          const give = since + KEY_CACHE_TTL_S * 1000 + 5000;
          while (!(await holds(i))) {
            if (Date.now() > give) throw new Error(`instance ${i + 1} never saw the change`);
            await new Promise((r) => setTimeout(r, 25));
          }
          return Date.now() - since;
        }),
      );
    }

    it('honours a key rotation and a key withdrawal made on one instance on every instance within the key cache TTL', async () => {
      const ttlMs = KEY_CACHE_TTL_S * 1000;
      const old = await accessTokenFrom(0);
      const oldKid = kidOf(old);
      for (let i = 0; i < 3; i++) expect(await verifies(i, old), `instance ${i + 1}`).toBe(true);

      // Rotation on instance 1: the next key is published by every instance.
      const rotatedAt = Date.now();
      const rotated = await direct(0, 'POST', '/v1/keys/rotate');
      expect(rotated.status).toBe(200);
      const { kid: nextKid } = (await rotated.json()) as { kid: string };
      expect(nextKid).not.toBe(oldKid);
      const rotationSeen = await msUntilEvery(rotatedAt, async (i) =>
        (await publishedKids(i)).includes(nextKid),
      );

      // Withdrawal on instance 2 of the key that signs: every instance refuses its tokens and signs
      // with the new key, whose tokens verify everywhere.
      const withdrawnAt = Date.now();
      const withdrawn = await direct(1, 'POST', `/v1/keys/${oldKid}/revoke`);
      expect(withdrawn.status).toBe(200);
      const { signing } = (await withdrawn.json()) as { signing: string };
      expect(signing).not.toBe(oldKid);
      const withdrawalSeen = await msUntilEvery(
        withdrawnAt,
        async (i) => !(await verifies(i, old)) && !(await publishedKids(i)).includes(oldKid),
      );
      console.info(
        `[multi-instance ${topology}] key changes seen by every instance (ms, key cache TTL ${ttlMs}):`,
        JSON.stringify({ rotation: rotationSeen, withdrawal: withdrawalSeen }),
      );
      // Seen within the TTL; the margin is for the poll (25 ms), one store read and a busy machine
      // (the full run shares it with every other test file).
      for (const ms of [...rotationSeen, ...withdrawalSeen]) expect(ms).toBeLessThanOrEqual(ttlMs + 1000);

      const fresh = await Promise.all([0, 1, 2].map(accessTokenFrom));
      for (const token of fresh) {
        expect(kidOf(token)).toBe(signing);
        for (let i = 0; i < 3; i++) expect(await verifies(i, token), `instance ${i + 1}`).toBe(true);
      }
      // And the withdrawn key stays refused everywhere, through the proxy too.
      for (let i = 0; i < 3; i++) expect(await verifies(i, old), `instance ${i + 1}`).toBe(false);
      for (let n = 0; n < 6; n++) {
        const res = await client.call('GET', '/me', undefined, { authorization: `Bearer ${old}` });
        expect(res.status).toBe(401);
      }
    }, 60_000);

    it('records the client address through the proxy, and a client talking to an instance cannot forge it', async () => {
      const browser = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
      const forged = { 'x-forwarded-for': SPOOFED };
      const ipsOf = (body: unknown): string[] =>
        (body as { sessions: { ip?: string }[] }).sessions.map((s) => s.ip ?? '');
      // Through HAProxy from CLIENT, with a forged header that HAProxy drops.
      const viaProxy = httpsJsonClient(proxy.url, caFile, 1, CLIENT);
      try {
        const login = await viaProxy.call(
          'POST',
          '/auth/login',
          { username: 'alice', password: DEMO_PASSWORD },
          { ...browser, ...forged },
        );
        expect(login.status).toBe(200);
        const cookie = cookieFrom(login.headers);
        for (let n = 0; n < 3; n++) {
          const listed = await viaProxy.call('GET', '/auth/sessions', undefined, { cookie, ...forged });
          expect(listed.status).toBe(200);
          expect(ipsOf(listed.body)).toEqual([CLIENT]);
        }
      } finally {
        viaProxy.close();
      }
      // Straight to each instance from DIRECT with the forged header: the socket's address counts.
      for (let i = 0; i < 3; i++) {
        const login = await requestFrom(DIRECT, `${fleet.direct(i)}/auth/login`, {
          method: 'POST',
          headers: { ...browser, ...forged },
          body: JSON.stringify({ username: 'bob', password: DEMO_PASSWORD }),
        });
        expect(login.status, `instance ${i + 1}`).toBe(200);
        const listed = await requestFrom(DIRECT, `${fleet.direct(i)}/auth/sessions`, {
          headers: { cookie: cookieFrom(login.headers), ...forged },
        });
        expect(listed.status).toBe(200);
        expect(ipsOf(JSON.parse(listed.body))).toEqual(Array(i + 1).fill(DIRECT));
      }
    });

    it('loses only the requests in flight on an instance killed with SIGKILL, and no session', async () => {
      const load = steadyLoad('kill');
      await load.waitFor('ok', 200);
      const victim = 2;
      const killedAt = Date.now();
      process.kill(fleet.instances[victim]!.pid, 'SIGKILL');
      // Gone when its exit is seen: the kernel has closed its sockets by then.
      const goneAt = await fleet.instances[victim]!.exited.then(() => Date.now());
      await proxy.waitForState(NAMES[victim]!, 'DOWN');
      const downAt = Date.now();
      await load.waitFor('ok', 300);
      const samples = await load.stop();
      const failed = samples.filter((s) => s.verdict !== 'ok');
      console.info(
        `[multi-instance ${topology}] SIGKILL:`,
        JSON.stringify({
          ...figures(samples, killedAt, downAt),
          msUntilGone: goneAt - killedAt,
          msUntilMarkedDown: downAt - killedAt,
          failedStartedAfterKillMs: failed.map((s) => Math.round(s.at - s.ms - killedAt)),
        }),
      );
      // Each worker has one request at a time: at most one each was in flight on the dying instance
      // (HAProxy closes the client's connection for a request the instance took down with it),
      // and none that started after it died may fail (HAProxy sends those elsewhere).
      expect(failed.length).toBeLessThanOrEqual(WORKERS);
      for (const s of failed) expect(s.at - s.ms).toBeLessThanOrEqual(goneAt);
      await expectNoSessionLost();
      await fleet.start(victim);
      await proxy.waitForState(NAMES[victim]!, 'UP');
    }, 60_000);
  },
);
