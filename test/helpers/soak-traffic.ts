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

  /** Sessions that expired because the client itself stalled past the idle timeout. */
  lateExpired = 0;
  /** Live sessions refused, or sign-ins that failed: each one a lost session. */
  readonly lost: string[] = [];

  constructor(
    readonly client: ServiceClient,
    readonly idleMs: number,
  ) {}

  #count(res: Response): Response {
    this.statuses[res.status] = (this.statuses[res.status] ?? 0) + 1;
    return res;
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

  /**
   * Counts an answer about a session the traffic holds. A 401 is fine only if the client itself was
   * too slow (its last request more than the idle timeout minus a second ago); any other refusal of
   * a live session is a lost session.
   */
  #held(res: Response, tracked: Tracked): boolean {
    this.#count(res);
    if (res.ok) {
      tracked.lastActive = Date.now();
      return true;
    }
    if (res.status === 401 && Date.now() - tracked.lastActive >= this.idleMs - 1000) this.lateExpired++;
    else this.lost.push(`${res.status} after ${Date.now() - tracked.lastActive} ms idle`);
    tracked.ended = true;
    return false;
  }

  /** One user's visit; every fifth is a browser with a cookie, the others a backend via /v1. */
  async journey(i: number): Promise<void> {
    this.journeys++;
    if (i % 5 === 0) return this.#browser(['alice', 'bob', 'carol'][i % 3]!, i);
    const c = this.client;
    const createdRes = this.#count(
      await c.v1('/sessions', 'POST', { userId: `soak-${i % 40}`, data: { visits: 0 } }),
    );
    if (createdRes.status !== 201) return void this.lost.push(`create: ${createdRes.status}`);
    const created = (await createdRes.json()) as { token: string; session: { id: string } };
    const id = created.session.id;
    const tracked = { lastActive: Date.now(), ended: false };
    this.sessions.set(id, tracked);
    let version = 0;
    for (let r = 0; r < 3; r++) {
      const read = await c.v1('/sessions/validate', 'POST', { token: created.token });
      if (!this.#held(read, tracked)) return;
      version = ((await read.json()) as { session: { version: number } }).session.version;
    }
    if (!this.#held(await c.v1(`/sessions/${id}/data`, 'PATCH', { data: { visits: 1 }, version }), tracked))
      return;
    if (i % 3 === 0) {
      const issued = await c.v1('/tokens', 'POST', { token: created.token });
      if (!this.#held(issued, tracked)) return;
      const { refreshToken } = (await issued.json()) as { refreshToken: string };
      const family = refreshToken.split('.')[0]!;
      this.families.set(family, Date.now());
      if (!this.#held(await c.v1('/tokens/refresh', 'POST', { refreshToken }), tracked)) return;
      this.families.set(family, Date.now());
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
      if (!this.#held(await this.client.call('/me', { headers: { cookie: login.cookie } }), tracked)) return;
    }
    if (i % 2 === 0) {
      this.#count(await this.client.post('/auth/logout', {}, login.cookie));
      tracked.ended = true;
    }
  }
}
