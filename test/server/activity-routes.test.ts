import { describe, expect, it } from 'vitest';
import { appService, BILLING, OPERATOR, SHOP } from '../helpers/app-service.js';

interface Page {
  entries: { id: string; type: string; actor: string; sessionId?: string; reason?: string; ip?: string }[];
  next: string | null;
}

function service() {
  const { v1 } = appService();
  return (key: string | null, method: string, path: string, body?: unknown) =>
    v1<Page & Record<string, unknown>>(key, method, path, body);
}

describe('GET /v1/users/:userId/activity and POST /v1/users/:userId/end-everything', () => {
  it('pages a user’s activity newest first, scoped to the key’s app; no history is 200 and empty', async () => {
    const v1 = service();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await v1(BILLING, 'POST', '/sessions', { userId: 'alice', meta: { ip: '192.0.2.1' } });
      ids.push((created.body.session as { id: string }).id);
    }
    await v1(BILLING, 'DELETE', `/sessions/${ids[0]}`);
    const first = await v1(BILLING, 'GET', '/users/alice/activity?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e) => [e.type, e.sessionId])).toEqual([
      ['session-revoked', ids[0]],
      ['sign-in', ids[2]],
    ]);
    expect(first.body.entries[0]?.actor).toBe('operator');
    const rest = await v1(BILLING, 'GET', `/users/alice/activity?before=${first.body.next}`);
    expect(rest.body.entries.map((e) => e.sessionId)).toEqual([ids[1], ids[0]]);
    expect(rest.body.next).toBeNull();
    // Another app's key sees another user; the operator sees the stored namespace.
    expect((await v1(SHOP, 'GET', '/users/alice/activity')).body).toEqual({ entries: [], next: null });
    expect((await v1(OPERATOR, 'GET', '/users/billing:alice/activity')).body.entries).toHaveLength(4);
    expect(await v1(BILLING, 'GET', '/users/nobody/activity')).toEqual({
      status: 200,
      body: { entries: [], next: null },
    });
  });

  it('needs a service key and refuses bad input with 400 naming the field', async () => {
    const v1 = service();
    expect((await v1(null, 'GET', '/users/alice/activity')).status).toBe(401);
    expect((await v1(`ck_${'x'.repeat(40)}`, 'GET', '/users/alice/activity')).status).toBe(401);
    expect((await v1(null, 'POST', '/users/alice/end-everything', { reason: 'x' })).status).toBe(401);
    for (const [path, field] of [
      ['/users/alice/activity?limit=0', 'limit'],
      ['/users/alice/activity?limit=101', 'limit'],
      ['/users/alice/activity?before=abc', 'before'],
      [`/users/${'u'.repeat(300)}/activity`, 'userId'],
    ]) {
      const res = await v1(BILLING, 'GET', path!);
      expect(res.status, path).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    for (const body of [{}, { reason: 'Not Allowed' }, { reason: 'r'.repeat(65) }]) {
      expect((await v1(BILLING, 'POST', '/users/alice/end-everything', body)).status).toBe(400);
    }
  });

  it('end-everything ends the user’s sessions in the key’s app only, with one entry', async () => {
    const v1 = service();
    const mine = await v1(BILLING, 'POST', '/sessions', { userId: 'carol' });
    const theirs = await v1(SHOP, 'POST', '/sessions', { userId: 'carol' });
    await v1(BILLING, 'POST', '/sessions', { userId: 'carol' });
    const ended = await v1(BILLING, 'POST', '/users/carol/end-everything', { reason: 'password-changed' });
    expect(ended.status).toBe(200);
    expect(ended.body.sessions).toBe(2);
    expect(typeof ended.body.notBefore).toBe('number');
    const token = (x: { body: Record<string, unknown> }) => x.body.token as string;
    expect((await v1(BILLING, 'POST', '/sessions/validate', { token: token(mine) })).status).toBe(401);
    expect((await v1(SHOP, 'POST', '/sessions/validate', { token: token(theirs) })).status).toBe(200);
    const [latest] = (await v1(BILLING, 'GET', '/users/carol/activity')).body.entries;
    expect(latest).toMatchObject({ type: 'everything-ended', actor: 'operator', reason: 'password-changed' });
  });
});
