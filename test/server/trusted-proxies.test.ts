// LG-1 through the service: with COATCHECK_TRUSTED_PROXIES naming the proxy, the demo's sessions
// and the request log record the client's address; a client that talks to the service directly
// cannot choose it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieFrom,
  type ForwardingProxy,
  requestFrom,
  startForwardingProxy,
} from '../helpers/forwarding-proxy.js';
import { DEMO_PASSWORD, type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

const CLIENT = '127.0.0.5';
const PROXY = '127.0.0.3';
const SPOOFED = '203.0.113.9';
const BROWSER = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

describe('the service behind a trusted proxy (COATCHECK_TRUSTED_PROXIES)', () => {
  let service: ServiceProcess;
  let proxy: ForwardingProxy;
  beforeAll(async () => {
    service = await startServiceProcess([], { COATCHECK_TRUSTED_PROXIES: PROXY });
    proxy = await startForwardingProxy(service.url.replace('localhost', '127.0.0.1'), PROXY);
  });
  afterAll(async () => {
    await proxy?.close();
    await service?.stop();
  });

  /** Signs in as `user` at `base` from CLIENT with a forged X-Forwarded-For; the IPs listed. */
  async function signInAndList(base: string, user: string, requestId: string): Promise<string[]> {
    const login = await requestFrom(CLIENT, `${base}/auth/login`, {
      method: 'POST',
      headers: { ...BROWSER, 'x-forwarded-for': SPOOFED, 'x-request-id': requestId },
      body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const listed = await requestFrom(CLIENT, `${base}/auth/sessions`, {
      headers: { cookie: cookieFrom(login.headers), 'x-forwarded-for': SPOOFED },
    });
    expect(listed.status).toBe(200);
    return (JSON.parse(listed.body) as { sessions: { ip?: string }[] }).sessions.map((s) => s.ip ?? '');
  }

  const loggedIp = (requestId: string): unknown =>
    service
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { requestId?: string; msg?: string; ip?: string })
      .find((l) => l.requestId === requestId && l.msg === 'request')?.ip;

  it('through the proxy: the session and the request line carry the client address', async () => {
    expect(await signInAndList(proxy.url, 'alice', 'via-proxy-1')).toEqual([CLIENT]);
    await expect.poll(() => loggedIp('via-proxy-1'), { timeout: 5000 }).toBe(CLIENT);
  });

  it('directly: the forged X-Forwarded-For is ignored, the socket address is recorded', async () => {
    const direct = service.url.replace('localhost', '127.0.0.1');
    expect(await signInAndList(direct, 'bob', 'direct-1')).toEqual([CLIENT]);
    await expect.poll(() => loggedIp('direct-1'), { timeout: 5000 }).toBe(CLIENT);
  });

  it('the /v1 request line names the client through the proxy too', async () => {
    const res = await requestFrom(CLIENT, `${proxy.url}/healthz`, {
      headers: { 'x-request-id': 'v1-proxy-1' },
    });
    expect(res.status).toBe(200);
    await expect.poll(() => loggedIp('v1-proxy-1'), { timeout: 5000 }).toBe(CLIENT);
  });
});
