// The servers under test, started once each and reused across groups: a contender's process, its
// port and pid, and the session cookie(s) or service credentials its requests carry.
import { randomBytes } from 'node:crypto';
import { Keyring } from '../../dist/index.js';
import { measure, type Sample, signIn, type Target } from './measure.ts';
import { startServer } from './processes.ts';
import { redisBenchmarkGet } from './redis-benchmark.ts';
import type { Contender, Scenario } from './scenarios.ts';

export interface Redis {
  port: number;
  url: string;
  pid: number;
}

// Generated per run: the service runs in production mode, which refuses missing or weak secrets.
const serviceKey = `ck_${randomBytes(32).toString('base64url')}`;
const serviceEnv = { COATCHECK_SECRETS: Keyring.generateSecret('k1'), COATCHECK_SERVICE_KEYS: serviceKey };
const json = { 'content-type': 'application/json', authorization: `Bearer ${serviceKey}` };

/** Creates a session through the service API and returns the body a validate call sends. */
async function serviceSession(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/sessions`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ userId: 'alice', data: { role: 'member', theme: 'dark', locale: 'en-GB', n: 0 } }),
  });
  if (res.status !== 201) throw new Error(`service session failed on port ${port}: ${res.status}`);
  return JSON.stringify({ token: ((await res.json()) as { token: string }).token });
}

export function createTargets(redis: Redis, connections: number) {
  const targets = new Map<string, Target>();

  async function target(contender: Contender, withSession: boolean): Promise<Target> {
    const key = `${contender.name}|${withSession}`;
    let t = targets.get(key);
    if (t) return t;
    const env = {
      REDIS_URL: redis.url,
      KEY_PREFIX: `bench:${targets.size}:`,
      ...(contender.kind === 'service' ? serviceEnv : {}),
      ...contender.env,
    };
    const { port, pid } = await startServer(contender.server, env);
    t = { port, pid, cookie: withSession ? await signIn(port) : null };
    if (withSession) t.cookies = await Promise.all(Array.from({ length: connections }, () => signIn(port)));
    if (contender.kind === 'service') {
      t.headers = json;
      t.body = contender.redis ? await serviceSession(port) : JSON.stringify({ token: 'x'.repeat(64) });
    }
    targets.set(key, t);
    return t;
  }

  /** One measured round of one contender in one scenario. */
  return async function sample(contender: Contender, scenario: Scenario, seconds: number): Promise<Sample> {
    if (contender.kind === 'redis-benchmark') return redisBenchmarkGet(redis, seconds, connections);
    const t = await target(contender, scenario.session);
    // Reads share one session (the hot path); writes use one session per connection, since writers
    // of one session contend on its version (coatcheck refuses lost updates; the peers overwrite).
    const picked = scenario.method === 'POST' ? t : { ...t, cookies: undefined };
    const request = {
      method: scenario.method,
      path: scenario.path,
      seconds,
      connections,
      flow: scenario.flow,
    };
    return measure(picked as Target, request, redis.port);
  };
}
