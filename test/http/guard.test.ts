import { describe, expect, it } from 'vitest';
import { createCsrfToken } from '../../src/csrf/token.js';
import { createSessionGuard } from '../../src/http/guard.js';
import { downStore } from '../helpers/counting-store.js';
import { setup } from '../helpers/manager.js';

describe('session guard', () => {
  it('finds the session on a same-origin request and needs nothing else', async () => {
    const { manager } = setup();
    const { token, session } = await manager.create({ userId: 'alice' });
    const guard = createSessionGuard(manager);
    const result = await guard({
      method: 'POST',
      cookie: `__Host-sid=${token}`,
      secFetchSite: 'same-origin',
      origin: null,
    });
    expect(result.ok && result.session?.id).toBe(session.id);
  });

  it('refuses cross-site unsafe requests before touching the store', async () => {
    const { manager } = setup({ store: downStore() });
    const guard = createSessionGuard(manager);
    const result = await guard({
      method: 'POST',
      cookie: '__Host-sid=x',
      secFetchSite: 'cross-site',
      origin: null,
    });
    expect(result).toMatchObject({ ok: false, status: 403, body: { error: { code: 'ERR_CROSS_ORIGIN' } } });
  });

  it('needs a valid CSRF token when neither Sec-Fetch-Site nor Origin is sent', async () => {
    const { manager } = setup();
    const { token, session } = await manager.create({ userId: 'alice' });
    const other = await manager.create({ userId: 'bob' });
    const guard = createSessionGuard(manager);
    const bare = { method: 'POST', cookie: `__Host-sid=${token}`, secFetchSite: null, origin: null };
    const missing = { ok: false, status: 403, body: { error: { code: 'ERR_CSRF_TOKEN_MISSING' } } };
    expect(await guard(bare)).toMatchObject(missing);
    expect(await guard({ ...bare, csrfToken: '' })).toMatchObject(missing);
    const foreign = await createCsrfToken(manager.options.keyring!, other.session.id);
    expect(await guard({ ...bare, csrfToken: foreign })).toMatchObject({
      ok: false,
      status: 403,
      body: { error: { code: 'ERR_CSRF_REJECTED', message: expect.not.stringContaining(foreign) } },
    });
    const mine = await createCsrfToken(manager.options.keyring!, session.id);
    const passed = await guard({ ...bare, csrfToken: mine });
    expect(passed.ok && passed.session?.id).toBe(session.id);
  });

  it('treats duplicate session cookies as no session', async () => {
    const { manager, events } = setup();
    const { token } = await manager.create({ userId: 'alice' });
    const guard = createSessionGuard(manager);
    const result = await guard({
      method: 'GET',
      cookie: [`__Host-sid=${token}`, `__Host-sid=${token}`],
      secFetchSite: null,
      origin: null,
    });
    expect(result.ok && result.session).toBeNull();
    expect(
      events.some((e) => e.type === 'session.validation_failed' && e.reason === 'duplicate-cookie'),
    ).toBe(true);
  });

  it('answers 503 when the store is down and 431 for a huge Cookie header', async () => {
    const guard = createSessionGuard(setup({ store: downStore() }).manager);
    const token = `${'A'.repeat(22)}.${'A'.repeat(43)}`;
    expect(
      await guard({ method: 'GET', cookie: `__Host-sid=${token}`, secFetchSite: null, origin: null }),
    ).toMatchObject({
      ok: false,
      status: 503,
    });
    expect(
      await guard({ method: 'GET', cookie: 'a='.padEnd(20_000, 'x'), secFetchSite: null, origin: null }),
    ).toMatchObject({
      ok: false,
      status: 431,
    });
  });
});
