import { afterAll, describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { Keyring } from '../../src/keys/keyring.js';
import type { SessionStore } from '../../src/stores/types.js';
import { ManualClock } from '../../src/testing/index.js';
import { cleanupTokenStores, tokenStoreFactories } from '../helpers/token-stores.js';
import { tokenSetup } from '../helpers/tokens.js';

afterAll(cleanupTokenStores);

type Outcome = { ok: true; refreshToken: string; accessToken: string } | { ok: false; code: string };

async function attempt(promise: Promise<{ refreshToken: string; accessToken: string }>): Promise<Outcome> {
  try {
    const { refreshToken, accessToken } = await promise;
    return { ok: true, refreshToken, accessToken };
  } catch (error) {
    return { ok: false, code: isSessionError(error) ? error.code : String(error) };
  }
}

// Two instances of the service (two servers) on one store, sharing secrets and a clock.
async function cluster(store: SessionStore) {
  const clock = new ManualClock();
  const secrets = Keyring.generateSecret('k1');
  const a = tokenSetup({ store, secrets, clock });
  const b = tokenSetup({ store, secrets, clock });
  const { session } = await a.sessions.create({ userId: `racer-${Math.random()}` });
  const pair = await a.tokens.issue(session);
  return { a, b, clock, session, pair, instances: [a.tokens, b.tokens] };
}

for (const factory of tokenStoreFactories) {
  describe(`refresh races on ${factory.name}`, () => {
    it.each([2, 20])('%i parallel refreshes of one token: no revocation, one live token', async (n) => {
      const store = await factory.create();
      try {
        const { pair, instances, a, session } = await cluster(store);
        const outcomes = await Promise.all(
          Array.from({ length: n }, (_, i) => attempt(instances[i % 2]!.refresh(pair.refreshToken))),
        );
        const failures = outcomes.filter((o) => !o.ok);
        for (const f of failures) expect(f.ok === false && f.code).toBe('ERR_VERSION_CONFLICT');
        const winners = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
        expect(winners.length).toBeGreaterThanOrEqual(Math.min(n, 2));
        expect(new Set(winners.map((w) => w.refreshToken)).size).toBe(1);
        for (const w of winners) await expect(a.tokens.verify(w.accessToken)).resolves.toBeTruthy();
        expect((await a.sessions.list(session.userId)).map((s) => s.id)).toContain(session.id);
        // The one live token is the successor: it rotates, and the family is still there.
        const next = await a.tokens.refresh(winners[0]!.refreshToken);
        await expect(a.tokens.verify(next.accessToken)).resolves.toMatchObject({ sessionId: session.id });
      } finally {
        await store.close();
      }
    });

    it('a retrying client ends up with a working token', async () => {
      const store = await factory.create();
      try {
        const { pair, instances } = await cluster(store);
        const client = async (i: number): Promise<Outcome> => {
          for (let tries = 0; tries < 5; tries++) {
            const o = await attempt(instances[i % 2]!.refresh(pair.refreshToken));
            if (o.ok || o.code !== 'ERR_VERSION_CONFLICT') return o;
          }
          return { ok: false, code: 'gave up' };
        };
        const [first, second] = await Promise.all([client(0), client(1)]);
        expect(first).toMatchObject({ ok: true });
        expect(second).toMatchObject({ ok: true });
      } finally {
        await store.close();
      }
    });

    it('a replay after the window revokes the family and the session', async () => {
      const store = await factory.create();
      try {
        const { pair, a, b, clock, session } = await cluster(store);
        const next = await a.tokens.refresh(pair.refreshToken);
        clock.advance(11);
        const replay = await attempt(b.tokens.refresh(pair.refreshToken));
        expect(replay).toEqual({ ok: false, code: 'ERR_TOKEN_REUSED' });
        expect(await attempt(a.tokens.refresh(next.refreshToken))).toEqual({
          ok: false,
          code: 'ERR_TOKEN_INVALID',
        });
        expect(await store.get(session.id)).toBeNull();
        const verified = await attempt(
          a.tokens.verify(next.accessToken).then(() => ({ refreshToken: '', accessToken: '' })),
        );
        expect(verified).toEqual({ ok: false, code: 'ERR_TOKEN_INVALID' });
      } finally {
        await store.close();
      }
    });

    it('a stolen token used first by the thief revokes the family', async () => {
      const store = await factory.create();
      try {
        const { pair, a, b, clock } = await cluster(store);
        const thief = await b.tokens.refresh(pair.refreshToken);
        clock.advance(60);
        expect(await attempt(a.tokens.refresh(pair.refreshToken))).toEqual({
          ok: false,
          code: 'ERR_TOKEN_REUSED',
        });
        expect(await attempt(b.tokens.refresh(thief.refreshToken))).toEqual({
          ok: false,
          code: 'ERR_TOKEN_INVALID',
        });
      } finally {
        await store.close();
      }
    });
  });
}
