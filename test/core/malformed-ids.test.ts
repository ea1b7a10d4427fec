import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { countingStore } from '../helpers/counting-store.js';
import { setup } from '../helpers/manager.js';
import { redisStore } from '../helpers/redis-stores.js';

// Ids from a URL path (`DELETE /v1/sessions/:id`, `PATCH /v1/sessions/:id/data`) are checked for
// format before any store call (SM-2). On a Redis Cluster a brace in the id used to split the
// delete script's keys across slots, so a bad request became a 503 and a store-failure event.
const MALFORMED = ['}abc{}', `{}${'x'.repeat(20)}`, '*?[', 'x'.repeat(5000), 'a\u0000b', ''];

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isSessionError(e) ? e.code : String(e)),
  );

describe('malformed session ids', () => {
  it('never reach the store', async () => {
    const { store, calls } = countingStore(new MemoryStore());
    const { manager } = setup({ store });
    for (const id of MALFORMED) {
      expect(await manager.revoke(id, { reason: 'admin' })).toBe(false);
      expect(await manager.revoke(id, { userId: 'alice' })).toBe(false);
      expect(await refusal(manager.setData({ id, version: 1 }, {}))).toBe('ERR_SESSION_REVOKED');
      expect(await refusal(manager.updateData(id, () => ({})))).toBe('ERR_SESSION_REVOKED');
    }
    expect([...calls.keys()]).toEqual([]);
  });

  it('are refused, not a store error, on a Redis Cluster', async () => {
    const store = await redisStore('cluster');
    try {
      const { manager } = setup({ store });
      const live = await manager.create({ userId: 'alice' });
      for (const id of MALFORMED) expect(await manager.revoke(id, { reason: 'admin' }), id).toBe(false);
      expect((await manager.validate(live.token)).session?.userId).toBe('alice');
    } finally {
      await store.close();
    }
  });
});
