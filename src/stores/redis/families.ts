// Refresh-token families on Redis: one JSON string per family under a hash tag of its own.
import type { StoredRefreshFamily, UpdateResult } from '../types.js';
import type { RedisContext } from './context.js';
import { updateFamilyScript } from './scripts/update-family.js';

export async function createFamily(ctx: RedisContext, family: StoredRefreshFamily): Promise<boolean> {
  const reply = await ctx.call(
    ctx.redis.set(ctx.keys.family(family.id), JSON.stringify(family), {
      condition: 'NX',
      expiration: { type: 'PXAT', value: family.expiresAt },
    }),
  );
  return reply === 'OK';
}

export async function getFamily(ctx: RedisContext, id: string): Promise<StoredRefreshFamily | null> {
  const raw = await ctx.call(ctx.redis.get(ctx.keys.family(id)));
  return raw ? (JSON.parse(raw) as StoredRefreshFamily) : null;
}

export function updateFamily(
  ctx: RedisContext,
  next: StoredRefreshFamily,
  expected: { generation: number; graceUses: number },
): Promise<UpdateResult> {
  return ctx.run(updateFamilyScript, { next, expected });
}

export async function deleteFamily(ctx: RedisContext, id: string): Promise<boolean> {
  return (await ctx.call(ctx.redis.del(ctx.keys.family(id)))) > 0;
}
