// One measured round of one contender: load, CPU of the server, Redis commands and bytes.
import { cpuSeconds } from './processes.ts';
import { commandNames, redisCounters } from './redis-stats.ts';
import { load } from './wrk.ts';

export interface Sample {
  rps: number;
  p50ms: number;
  p99ms: number;
  cpuUsPerRequest: number;
  redisCallsPerRequest: number;
  redisBytesPerRequest: number;
  errors: number;
  commands: string;
}

export interface Target {
  port: number;
  pid: number;
  cookie: string | null;
  /** Several signed-in sessions, for write scenarios (one per connection, as real users are). */
  cookies?: string[];
  /** Extra headers (the service key) and a body, for JSON calls. */
  headers?: Record<string, string>;
  body?: string;
}

export async function measure(
  target: Target,
  request: {
    method: 'GET' | 'POST';
    path: string;
    seconds: number;
    connections: number;
    flow?: 'login-logout' | undefined;
    refreshTokens?: string[];
  },
  redisPort: number,
): Promise<Sample> {
  const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', ...target.headers };
  if (target.cookie) headers.cookie = target.cookie;
  const before = redisCounters(redisPort);
  const commandsBefore = commandNames(redisPort);
  const cpuBefore = cpuSeconds(target.pid);
  const { flow, ...rest } = request;
  const result = await load({
    url: `http://127.0.0.1:${target.port}${request.path}`,
    ...rest,
    headers,
    ...(target.cookies ? { cookies: target.cookies } : {}),
    ...(target.body === undefined || rest.refreshTokens ? {} : { body: target.body }),
    ...(flow ? { flow } : {}),
  });
  const cpu = cpuSeconds(target.pid) - cpuBefore;
  const after = redisCounters(redisPort);
  const perRequest = (n: number): number => (result.requests ? n / result.requests : 0);
  const commands = [...commandNames(redisPort)]
    .map(([name, calls]) => [name, perRequest(calls - (commandsBefore.get(name) ?? 0))] as const)
    .filter(([, n]) => n >= 0.05)
    .map(([name, n]) => `${name.toUpperCase()}×${n.toFixed(2)}`)
    .join(' + ');
  return {
    rps: result.rps,
    p50ms: result.p50ms,
    p99ms: result.p99ms,
    cpuUsPerRequest: perRequest(cpu * 1e6),
    redisCallsPerRequest: perRequest(after.calls - before.calls),
    redisBytesPerRequest: perRequest(after.bytes - before.bytes),
    errors: result.errors,
    commands,
  };
}

/** Signs in once through the contender's own login route and returns its session cookie. */
export async function signIn(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    headers: { 'sec-fetch-site': 'same-origin' },
  });
  const cookies = res.headers.getSetCookie();
  if (res.status !== 200 || cookies.length === 0)
    throw new Error(`login failed on port ${port}: ${res.status}`);
  return cookies.map((c) => c.split(';')[0]).join('; ');
}
