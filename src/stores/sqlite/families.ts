import type { StoredRefreshFamily, UpdateResult } from '../types.js';
import type { SqliteContext } from './context.js';

export function createFamily(ctx: SqliteContext, family: StoredRefreshFamily): boolean {
  const result = ctx
    .sql(
      `INSERT INTO coatcheck_refresh_families (id, generation, grace_uses, expires_at, body)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    )
    .run(family.id, family.generation, family.graceUses, family.expiresAt, JSON.stringify(family));
  return result.changes > 0;
}

export function getFamily(ctx: SqliteContext, id: string): StoredRefreshFamily | null {
  const row = ctx
    .sql('SELECT body FROM coatcheck_refresh_families WHERE id = ? AND expires_at > ?')
    .get(id, ctx.now()) as { body: string } | undefined;
  return row ? (JSON.parse(row.body) as StoredRefreshFamily) : null;
}

/** Compare-and-set on generation and graceUses, in one transaction. */
export function updateFamily(
  ctx: SqliteContext,
  next: StoredRefreshFamily,
  expected: { generation: number; graceUses: number },
): UpdateResult {
  return ctx.transaction(() => {
    const result = ctx
      .sql(
        `UPDATE coatcheck_refresh_families SET generation = ?, grace_uses = ?, expires_at = ?, body = ?
         WHERE id = ? AND generation = ? AND grace_uses = ? AND expires_at > ?`,
      )
      .run(
        next.generation,
        next.graceUses,
        next.expiresAt,
        JSON.stringify(next),
        next.id,
        expected.generation,
        expected.graceUses,
        ctx.now(),
      );
    if (result.changes > 0) return 'updated';
    const exists = ctx
      .sql('SELECT 1 FROM coatcheck_refresh_families WHERE id = ? AND expires_at > ?')
      .get(next.id, ctx.now());
    return exists ? 'conflict' : 'missing';
  });
}

export function deleteFamily(ctx: SqliteContext, id: string): boolean {
  return ctx.sql('DELETE FROM coatcheck_refresh_families WHERE id = ?').run(id).changes > 0;
}
