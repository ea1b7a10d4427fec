// Mixed traffic for the soak test: sign-ins (backend and browser), reads, versioned writes,
// refreshes, logouts and abandoned sessions left to expire. It remembers every session's last
// activity, so the test can say how many sessions must and may still be alive.
import type { ServiceClient } from './demo-client.js';

interface Tracked {
  lastActive: number;
  ended: boolean;
}

export class SoakTraffic {
  readonly sessions = new Map<string, Tracked>();
  /** Refresh families by id: when each was last used (they live 60 s past that at most). */
  readonly families = new Map<string, number>();
  readonly statuses: Record<number, number> = {};
  journeys = 0;

  constructor(readonly client: ServiceClient) {}

  #count(res: Response): Response {
    this.statuses[res.status] = (this.statuses[res.status] ?? 0) + 1;
    return res;
  }

  async #json<T>(res: Promise<Response>): Promise<T> {
    return (await this.#count(await res).json()) as T;
  }

  /** Sessions not ended whose last request is less than `windowMs` ago. */
  alive(now: number, windowMs: number): number {
    let n = 0;
    for (const s of this.sessions.values()) if (!s.ended && s.lastActive > now - windowMs) n++;
    return n;
  }

  /** Families used within `windowMs`. */
  familiesUsedWithin(now: number, windowMs: number): number {
    let n = 0;
    for (const at of this.families.values()) if (at > now - windowMs) n++;
    return n;
  }

  /** One user's visit; every fifth is a browser with a cookie, the others a backend via /v1. */
  async journey(i: number): Promise<void> {
    this.journeys++;
    if (i % 5 === 0) return this.#browser(['alice', 'bob', 'carol'][i % 3]!, i);
    const c = this.client;
    const created = await this.#json<{ token: string; session: { id: string } }>(
      c.v1('/sessions', 'POST', { userId: `soak-${i % 40}`, data: { visits: 0 } }),
    );
    const id = created.session.id;
    const tracked = { lastActive: Date.now(), ended: false };
    this.sessions.set(id, tracked);
    let version = 0;
    for (let r = 0; r < 3; r++) {
      const read = await this.#json<{ session: { version: number } }>(
        c.v1('/sessions/validate', 'POST', { token: created.token }),
      );
      version = read.session.version;
      tracked.lastActive = Date.now();
    }
    this.#count(await c.v1(`/sessions/${id}/data`, 'PATCH', { data: { visits: 1 }, version }));
    if (i % 3 === 0) {
      const pair = await this.#json<{ refreshToken: string }>(
        c.v1('/tokens', 'POST', { token: created.token }),
      );
      this.families.set(pair.refreshToken.split('.')[0]!, Date.now());
      this.#count(await c.v1('/tokens/refresh', 'POST', { refreshToken: pair.refreshToken }));
      tracked.lastActive = Date.now();
      this.families.set(pair.refreshToken.split('.')[0]!, Date.now());
    }
    // Half sign out; the other half walk away and their sessions expire.
    if (i % 2 === 0) {
      this.#count(await c.v1(`/sessions/${id}`, 'DELETE'));
      tracked.ended = true;
    }
  }

  async #browser(user: string, i: number): Promise<void> {
    const login = await this.client.login(user);
    this.#count(new Response(null, { status: 200 }));
    const tracked = { lastActive: Date.now(), ended: false };
    this.sessions.set(login.sessionId, tracked);
    for (let r = 0; r < 2; r++) {
      this.#count(await this.client.call('/me', { headers: { cookie: login.cookie } }));
      tracked.lastActive = Date.now();
    }
    if (i % 2 === 0) {
      this.#count(await this.client.post('/auth/logout', {}, login.cookie));
      tracked.ended = true;
    }
  }
}
