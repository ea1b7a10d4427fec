import type { StoredRefreshFamily, UpdateResult } from '../types.js';
import type { MemoryContext } from './context.js';

export function createFamily(ctx: MemoryContext, family: StoredRefreshFamily): boolean {
  if (ctx.live(ctx.families.get(family.id))) return false;
  ctx.families.set(family.id, { ...family });
  return true;
}

export function getFamily(ctx: MemoryContext, id: string): StoredRefreshFamily | null {
  const family = ctx.live(ctx.families.get(id));
  return family ? { ...family } : null;
}

/** Compare-and-set on generation and graceUses. */
export function updateFamily(
  ctx: MemoryContext,
  next: StoredRefreshFamily,
  expected: { generation: number; graceUses: number },
): UpdateResult {
  const family = ctx.live(ctx.families.get(next.id));
  if (!family) return 'missing';
  if (family.generation !== expected.generation || family.graceUses !== expected.graceUses) return 'conflict';
  ctx.families.set(next.id, { ...next });
  return 'updated';
}

export function deleteFamily(ctx: MemoryContext, id: string): boolean {
  const existed = ctx.live(ctx.families.get(id)) !== null;
  ctx.families.delete(id);
  return existed;
}
