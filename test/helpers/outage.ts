// One store outage under load, seen through the running service: who was signed in before, the
// traffic during, and whether everything is as it was after.
import { type DemoLogin, ServiceClient } from './demo-client.js';
import { type Load, type Sample, startLoad, summarize } from './http-load.js';
import { waitFor } from './redis-servers.js';
import type { ServiceProcess } from './service-process.js';

export const STORE_TIMEOUT_MS = 300;

export interface Population {
  logins: DemoLogin[];
  refreshTokens: string[];
  backend: { id: string; token: string; userId: string }[];
}

/** Signs in 12 browser sessions (4 per demo user, 6 with a refresh family) and 12 backend sessions. */
export async function populate(client: ServiceClient): Promise<Population> {
  const logins: DemoLogin[] = [];
  for (const user of ['alice', 'bob', 'carol'])
    for (let i = 0; i < 4; i++) logins.push(await client.login(user));
  const refreshTokens = await Promise.all(logins.slice(0, 6).map((l) => client.refreshToken(l)));
  const backend = await Promise.all(
    Array.from({ length: 12 }, async (_, i) => ({
      ...(await client.createSession(`svc-${i}`)),
      userId: `svc-${i}`,
    })),
  );
  return { logins, refreshTokens, backend };
}

/** Authenticated traffic: /me with a cookie, or /v1 validate; a 200 must name exactly that session. */
export function authenticatedLoad(client: ServiceClient, p: Population): Load {
  return startLoad({
    workers: 4,
    maxRequests: 20_000,
    maxMs: 60_000,
    async request(i) {
      if (i % 2 === 0) {
        const login = p.logins[(i / 2) % p.logins.length]!;
        const res = await client.call('/me', { headers: { cookie: login.cookie } });
        if (res.status !== 200)
          return { status: res.status, verdict: res.status === 503 ? 'closed' : 'wrong' };
        const me = (await res.json()) as { userId: string; sessionId: string };
        const right = me.userId === login.userId && me.sessionId === login.sessionId;
        return { status: 200, verdict: right ? 'ok' : 'wrong' };
      }
      const s = p.backend[((i - 1) / 2) % p.backend.length]!;
      const res = await client.v1('/sessions/validate', 'POST', { token: s.token });
      if (res.status !== 200) return { status: res.status, verdict: res.status === 503 ? 'closed' : 'wrong' };
      const { session } = (await res.json()) as { session: { id: string; userId: string } };
      return { status: 200, verdict: session.id === s.id && session.userId === s.userId ? 'ok' : 'wrong' };
    },
  });
}

/** /healthz polled during the outage: every answer's time, and when it first said 503. */
export async function healthDuring(client: ServiceClient, down: () => boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let n = 0; n < 200 && down(); n++) {
    const started = performance.now();
    const res = await client.call('/healthz');
    samples.push({
      verdict: res.ok ? 'ok' : 'closed',
      status: res.status,
      ms: performance.now() - started,
      at: Date.now(),
    });
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 50));
  }
  return samples;
}

/** How many of the population's sessions get no answer yet (503). */
async function unavailable(client: ServiceClient, p: Population): Promise<number> {
  const answers = await Promise.all([
    ...p.logins.map((l) => client.call('/me', { headers: { cookie: l.cookie } })),
    ...p.backend.map((s) => client.v1('/sessions/validate', 'POST', { token: s.token })),
  ]);
  for (const res of answers) await res.body?.cancel();
  return answers.filter((res) => res.status === 503).length;
}

/** Everything signed in before is still there: sessions valid, refresh families rotate. Returns what was lost. */
export async function lostAfter(client: ServiceClient, p: Population): Promise<number> {
  let lost = 0;
  for (const login of p.logins) {
    const res = await client.call('/me', { headers: { cookie: login.cookie } });
    if (res.status !== 200 || ((await res.json()) as { sessionId: string }).sessionId !== login.sessionId)
      lost++;
  }
  for (const s of p.backend)
    if ((await client.v1('/sessions/validate', 'POST', { token: s.token })).status !== 200) lost++;
  // Each family rotates once; the successor replaces the token so a later check starts from it.
  for (const [i, token] of p.refreshTokens.entries()) {
    const res = await client.post('/auth/refresh', { refreshToken: token });
    if (res.status === 200)
      p.refreshTokens[i] = ((await res.json()) as { refreshToken: string }).refreshToken;
    else lost++;
  }
  return lost;
}

export interface OutageFigures {
  counts: Record<string, number>;
  p100: number;
  healthP100: number;
  /** From the heal step (restart, resume; nothing for a failover) to the last refused request. */
  recoveryMs: number;
  /** From the first refused request to the last. */
  closedWindowMs: number;
  lost: number;
}

/** Runs load, breaks the store, waits for failures, heals it, waits for recovery, and measures. */
export async function outage(
  service: ServiceProcess,
  p: Population,
  breakIt: () => Promise<void>,
  heal: () => Promise<void>,
): Promise<OutageFigures & { samples: Sample[]; health: Sample[] }> {
  const client = new ServiceClient(service.url);
  const load = authenticatedLoad(client, p);
  await load.waitFor('ok', 40);
  await breakIt();
  let down = true;
  const health = healthDuring(client, () => down);
  await load.waitFor('closed', 20);
  const healed = Date.now();
  await heal();
  await waitFor(async () => (await client.call('/healthz')).ok, 'store back', 30_000);
  await waitFor(async () => (await unavailable(client, p)) === 0, 'every session answering', 30_000);
  down = false;
  await load.waitFor('ok', 40);
  const failed = load.samples.filter((s) => s.verdict !== 'ok').map((s) => s.at);
  const recoveryMs = Math.max(healed, ...failed) - healed;
  const closedWindowMs = Math.max(0, ...failed) - Math.min(...failed);
  const samples = await load.stop();
  const healthSamples = await health;
  const { counts, p100 } = summarize(samples);
  const lost = await lostAfter(client, p);
  return {
    counts,
    p100,
    healthP100: summarize(healthSamples).p100,
    recoveryMs,
    closedWindowMs,
    lost,
    samples,
    health: healthSamples,
  };
}
