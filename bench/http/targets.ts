// The servers under test, started once each and reused across groups: a contender's process, its
// port and pid, and the session cookie(s) or service credentials its requests carry.
import { measure, type Sample, signIn, type Target } from './measure.ts';
import { LOAD_CPU, startServer } from './processes.ts';
import { redisBenchmarkGet } from './redis-benchmark.ts';
import type { Contender, Scenario } from './scenarios.ts';
import {
  refreshTokens,
  SERVICE_NODE_FLAGS,
  serviceEnv,
  serviceHeaders,
  serviceKey,
  serviceSession,
} from './service.ts';

export interface Redis {
  port: number;
  url: string;
  pid: number;
}

export function createTargets(redis: Redis, connections: number) {
  const targets = new Map<string, Target>();
  let backing: Promise<{ port: number; pid: number }> | undefined;

  // The coatcheck service the Python apps call: one, on the load core, on the run's Redis.
  async function pythonTarget(contender: Contender): Promise<Target> {
    backing ??= startServer(
      new URL('../servers/coatcheck-service.ts', import.meta.url).pathname,
      { REDIS_URL: redis.url, ...serviceEnv },
      LOAD_CPU,
      SERVICE_NODE_FLAGS,
    );
    const service = await backing;
    const env = {
      COATCHECK_SERVICE_URL: `http://127.0.0.1:${service.port}`,
      COATCHECK_SERVICE_KEY: serviceKey,
      COATCHECK_LOG_LEVEL: 'silent',
    };
    const { port, pid } = await startServer(contender.server, env);
    return { port, pid, cookie: `__Host-sid=${await serviceSession(service.port)}` };
  }

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
    if (contender.kind === 'python') {
      t = await pythonTarget(contender);
      targets.set(key, t);
      return t;
    }
    const nodeArgs = contender.kind === 'service' ? SERVICE_NODE_FLAGS : [];
    const { port, pid } = await startServer(contender.server, env, undefined, nodeArgs);
    t = { port, pid, cookie: withSession ? await signIn(port) : null };
    if (withSession) t.cookies = await Promise.all(Array.from({ length: connections }, () => signIn(port)));
    if (contender.kind === 'service') {
      t.headers = serviceHeaders;
      if (contender.call === 'list') {
        // A user with five devices, listed through the key's namespace.
        for (let i = 0; i < 5; i++) await serviceSession(port, 'dana');
      } else {
        const token = contender.redis ? await serviceSession(port) : 'x'.repeat(64);
        t.body = JSON.stringify({ token });
      }
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
    const call = contender.call;
    const request = {
      method: call === 'list' ? ('GET' as const) : scenario.method,
      path:
        call === 'list'
          ? '/v1/users/dana/sessions'
          : call === 'refresh'
            ? '/v1/tokens/refresh'
            : (contender.path ?? scenario.path),
      seconds,
      connections,
      flow: scenario.flow,
      // A refresh token is spent by its rotation: every round starts from fresh ones.
      ...(call === 'refresh' ? { refreshTokens: await refreshTokens(t.port, connections * 2) } : {}),
    };
    return measure(picked as Target, request, redis.port);
  };
}
