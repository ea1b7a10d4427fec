// Runs Debian's wrk against one URL on the load core and parses its summary.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOAD_CPU } from './processes.ts';

const run = promisify(execFile);

export interface LoadResult {
  requests: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Cookie headers to rotate through, one per request (several sessions, no write contention). */
  cookies?: string[];
  /** A request body (the service's JSON calls). */
  body?: string;
  /**
   * `login-logout`: POST /login without a cookie, then POST /logout with the cookie a login set,
   * so every logout ends a real, fresh session (half the requests are each).
   */
  flow?: 'login-logout';
  /**
   * Refresh tokens to rotate through `POST /v1/tokens/refresh`: each request spends one, and the
   * one its answer carries joins the queue, so every call rotates a live token.
   */
  refreshTokens?: string[];
  seconds: number;
  connections: number;
}

// Signs in, keeps the cookies logins set (not the emptied ones logouts set), signs out with them.
const LOGIN_LOGOUT = `local queue, head, tail = {}, 1, 0
request = function()
  if head <= tail then
    wrk.headers["cookie"] = queue[head]
    queue[head] = nil
    head = head + 1
    return wrk.format("POST", "/logout")
  end
  wrk.headers["cookie"] = nil
  return wrk.format("POST", "/login")
end
response = function(status, headers, body)
  for name, value in pairs(headers) do
    if string.lower(name) == "set-cookie" then
      local pair = string.match(value, "^([^;]*)")
      if pair and string.match(pair, "=.") then
        tail = tail + 1
        queue[tail] = pair
      end
    end
  end
end
`;

const REFRESH_ROTATE = `local head, tail = 1, #queue
request = function()
  local token = queue[head]
  queue[head] = nil
  head = head + 1
  return wrk.format(nil, nil, nil, '{"refreshToken":"' .. token .. '"}')
end
response = function(status, headers, body)
  local token = string.match(body, '"refreshToken":"([^"]+)"')
  if token then
    tail = tail + 1
    queue[tail] = token
  end
end
`;

function script(request: LoadRequest): string {
  const path = join(tmpdir(), `coatcheck-wrk-${process.pid}.lua`);
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join('\n');
  const body = request.body === undefined ? '' : `wrk.body = ${JSON.stringify(request.body)}\n`;
  const rotate = request.cookies?.length
    ? `local cookies = {${request.cookies.map((c) => JSON.stringify(c)).join(', ')}}\nlocal n = 0\nrequest = function()\n  n = n + 1\n  wrk.headers["cookie"] = cookies[(n % #cookies) + 1]\n  return wrk.format()\nend\n`
    : '';
  const refresh = request.refreshTokens
    ? `local queue = {${request.refreshTokens.map((t) => JSON.stringify(t)).join(', ')}}\n${REFRESH_ROTATE}`
    : '';
  const flow = request.flow === 'login-logout' ? LOGIN_LOGOUT : refresh || rotate;
  writeFileSync(path, `wrk.method = "${request.method}"\n${headers}\n${body}${flow}`);
  return path;
}

const toMs = (value: string, unit: string): number =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[unit]!;

export async function load(request: LoadRequest): Promise<LoadResult> {
  const args = [
    '-c',
    LOAD_CPU,
    'wrk',
    '-t1',
    `-c${request.connections}`,
    `-d${request.seconds}s`,
    '--latency',
    '-s',
    script(request),
    request.url,
  ];
  const { stdout } = await run('taskset', args, { maxBuffer: 1 << 20 });
  const num = (re: RegExp): RegExpExecArray => {
    const m = re.exec(stdout);
    if (!m) throw new Error(`unexpected wrk output:\n${stdout}`);
    return m;
  };
  const p50 = num(/50%\s+([\d.]+)(us|ms|s)/);
  const p99 = num(/99%\s+([\d.]+)(us|ms|s)/);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    requests: Number(num(/(\d+) requests in/)[1]),
    rps: Number(num(/Requests\/sec:\s+([\d.]+)/)[1]),
    p50ms: toMs(p50[1]!, p50[2]!),
    p99ms: toMs(p99[1]!, p99[2]!),
    errors: Number(non2xx?.[1] ?? 0) + (socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0),
  };
}
