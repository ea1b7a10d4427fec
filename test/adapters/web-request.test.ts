import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type CoatcheckVariables, coatcheck } from '../../src/adapters/hono/index.js';
import { requestFacts } from '../../src/adapters/web/index.js';
import { setup } from '../helpers/manager.js';

// A body that claims to be a form but cannot be parsed used to throw out of the CSRF check and
// answer 500 (found by the endpoint fuzz run); it carries no token, so the answer is 403.
describe('requestFacts: the _csrf form field', () => {
  it('is null when the form cannot be read', async () => {
    const request = new Request('http://app.test/x', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: 'not multipart',
    });
    const facts = requestFacts(request, {}, () => Promise.reject(new Error('Malformed multipart')));
    expect(await (facts.csrfToken as () => Promise<string | null>)()).toBeNull();
  });

  it('a malformed multipart body with a session cookie and no Fetch Metadata is a 403, not a 500', async () => {
    const { manager } = setup();
    const { token } = await manager.create({ userId: 'alice' });
    const app = new Hono<{ Variables: CoatcheckVariables }>();
    app.use(coatcheck(manager));
    app.post('/x', (c) => c.text('changed'));
    for (const contentType of ['multipart/form-data; boundary=zz', 'multipart/form-data']) {
      const res = await app.request('http://app.test/x', {
        method: 'POST',
        headers: { cookie: `__Host-sid=${token}`, 'content-type': contentType },
        body: 'HS+_G0O',
      });
      expect(res.status, contentType).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ERR_CSRF_TOKEN_MISSING');
    }
  });
});
