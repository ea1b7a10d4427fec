// Three `coatcheck serve` instances on one store behind HAProxy terminating TLS (a certificate made
// by openssl), all started at once; a keep-alive HTTPS client through the proxy, the session
// tokens made so far (none may be lost), and a paced load of session creations and validations.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type HaproxyProcess, startHaproxy } from './haproxy-process.js';
import { type Load, startLoad } from './http-load.js';
import { httpsJsonClient, type JsonClient } from './https-json.js';
import { recordSecret } from './log-capture.js';
import { makeCertificates } from './redis-secure.js';
import { freePort } from './redis-servers.js';
import { type ServiceFleet, startFleet } from './service-fleet.js';
import { SERVICE_KEY } from './service-process.js';

export const FLEET_NAMES = ['coatcheck1', 'coatcheck2', 'coatcheck3'] as const;
export const SERVICE_AUTH = { authorization: `Bearer ${SERVICE_KEY}` };

export interface ProxiedFleet {
  proxy: HaproxyProcess;
  fleet: ServiceFleet;
  /** HTTPS through the proxy, trusting the test CA. */
  client: JsonClient;
  /** The CA file a client of the proxy must trust. */
  caFile: string;
  /** Session tokens created so far, by the load and the tests. */
  sessions: string[];
  createSession(userId: string): Promise<string>;
  /** Paced traffic through the proxy: one session created for every four validations. */
  steadyLoad(label: string): Load;
  /** Indexes in `sessions` of the tokens that no longer validate through the proxy. */
  lostSessions(): Promise<number[]>;
  stop(): Promise<void>;
}

export interface ProxiedFleetOptions {
  store: string;
  /** Environment of every instance, beside the shared secrets, issuer and origins. */
  env: Record<string, string>;
  checkIntervalMs: number;
  workers: number;
  /** Each load worker's pause between requests. */
  pauseMs: number;
}

export async function startProxiedFleet(o: ProxiedFleetOptions): Promise<ProxiedFleet> {
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-multi-'));
  const port = await freePort();
  // Everything starts at once: the certificate and then HAProxy, and the three instances.
  const proxyStarted = makeCertificates(dir).then((certs) => {
    const pem = join(dir, 'proxy.pem');
    writeFileSync(pem, readFileSync(certs.cert, 'utf8') + readFileSync(certs.key, 'utf8'));
    return { certs, pem };
  });
  const fleetStarted = startFleet({ store: o.store, publicUrl: `https://localhost:${port}`, env: o.env });
  const [{ certs, pem }, fleet] = await Promise.all([proxyStarted, fleetStarted]);
  const proxy = await startHaproxy({
    port,
    pem,
    checkInterval: `${o.checkIntervalMs}ms`,
    instances: fleet.ports.map((p) => `127.0.0.1:${p}`) as [string, string, string],
  });
  await Promise.all(FLEET_NAMES.map((name) => proxy.waitForState(name, 'UP')));
  const client = httpsJsonClient(proxy.url, certs.ca, o.workers + 2);
  const sessions: string[] = [];
  const validate = (token: string) => client.call('POST', '/v1/sessions/validate', { token }, SERVICE_AUTH);

  return {
    proxy,
    fleet,
    client,
    caFile: certs.ca,
    sessions,
    async createSession(userId) {
      const res = await client.call('POST', '/v1/sessions', { userId }, SERVICE_AUTH);
      expect(res.status).toBe(201);
      const token = res.body.token as string;
      sessions.push(token);
      return token;
    },
    steadyLoad(label) {
      return startLoad({
        workers: o.workers,
        maxRequests: 1_000_000,
        pauseMs: o.pauseMs,
        maxMs: 120_000,
        async request(i) {
          if (i % 5 === 0) {
            const res = await client.call('POST', '/v1/sessions', { userId: `${label}-${i}` }, SERVICE_AUTH);
            if (res.status === 201) sessions.push(res.body.token as string);
            return { status: res.status, verdict: res.status === 201 ? 'ok' : 'wrong' };
          }
          const res = await validate(sessions[i % sessions.length]!);
          return { status: res.status, verdict: res.status === 200 ? 'ok' : 'wrong' };
        },
      });
    },
    async lostSessions() {
      const lost: number[] = [];
      for (let i = 0; i < sessions.length; i += 50) {
        const replies = await Promise.all(sessions.slice(i, i + 50).map(validate));
        for (const [j, r] of replies.entries()) if (r.status !== 200) lost.push(i + j);
      }
      return lost;
    },
    async stop() {
      client.close();
      recordSecret(...sessions);
      await Promise.all([proxy.stop(), fleet.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
