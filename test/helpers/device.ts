/**
 * One browser-like client over real HTTP: keeps the session cookie it is given (`__Host-sid`, or
 * another name) and sends the CSRF token from its last sign-in (Node's fetch sends no Fetch
 * Metadata, so coatcheck asks for one).
 */
export interface DeviceResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export class Device {
  token: string | null = null;
  csrfToken: string | null = null;

  constructor(
    readonly base: string,
    readonly userAgent = 'test-device',
    readonly cookieName = '__Host-sid',
  ) {}

  async request(
    method: string,
    path: string,
    init: { json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<DeviceResponse> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...init.headers };
    if (this.token) headers.cookie = `${this.cookieName}=${this.token}`;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      if (!line.startsWith(`${this.cookieName}=`)) continue;
      this.token = line.slice(this.cookieName.length + 1).split(';')[0] || null;
    }
    const text = await res.text();
    const body: unknown = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body: body as Record<string, unknown> };
  }

  async login(username: string, password: string): Promise<DeviceResponse> {
    const res = await this.request('POST', '/login', { json: { username, password } });
    if (res.status === 200) this.csrfToken = String(res.body.csrfToken);
    return res;
  }
}
