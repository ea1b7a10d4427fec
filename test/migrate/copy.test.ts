import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionManager, Keyring } from '../../src/index.js';
import { type CopyCheckpoint, copyStore } from '../../src/migrate/copy.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { sampleFamily } from '../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secrets = Keyring.generateSecret('k1');

async function seeded(count: number) {
  const from = new MemoryStore();
  const manager = createSessionManager({ store: from, secrets, maxSessionsPerUser: 0 });
  const issued = [];
  for (let i = 0; i < count; i++)
    issued.push(await manager.create({ userId: `u${i % 37}`, data: { i } }, { userAgent: `ua-${i}` }));
  for (let i = 0; i < 5; i++) await from.createFamily(sampleFamily());
  await from.putDocument('keys:signing', '{"keys":[]}', null);
  await from.putDocument('nbf:u1', '123', null);
  return { from, issued };
}

describe('copyStore', () => {
  it('copies record by record, survives an interruption, and keeps every token working', async () => {
    const { from, issued } = await seeded(1200);
    const to = new SqliteStore({ path: join(dir, 'copy.db') });
    let saved: CopyCheckpoint | null = null;
    let pages = 0;
    await expect(
      copyStore(from, to, {
        batchSize: 100,
        onProgress: (checkpoint) => {
          saved = checkpoint;
          if (++pages === 4) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(saved).toMatchObject({ phase: 'sessions', copied: 400 });
    const report = await copyStore(from, to, { batchSize: 100, resumeFrom: saved });
    expect(report).toMatchObject({ copied: 1200 + 5 + 2, skipped: 0, missingAfterCopy: 0 });

    for (const { session } of issued) expect(await to.get(session.id)).toEqual(await from.get(session.id));
    const families = await from.scanFamilies(null, 100);
    for (const family of families.items) expect(await to.getFamily(family.id)).toEqual(family);
    expect((await to.getDocument('keys:signing'))?.value).toBe('{"keys":[]}');

    const onTarget = createSessionManager({ store: to, secrets });
    for (const { token, session } of issued.slice(0, 50)) {
      const result = await onTarget.validate<{ i: number }>(token);
      expect(result.session?.id).toBe(session.id);
      expect(result.session?.data).toEqual(session.data);
    }
    expect(await onTarget.list('u3')).toHaveLength(
      (await createSessionManager({ store: from, secrets }).list('u3')).length,
    );

    const again = await copyStore(from, to, { batchSize: 100 });
    expect(again).toMatchObject({ copied: 0, skipped: 1207, missingAfterCopy: 0 });
    await to.close();
  });

  it("keeps documents' remaining TTL, and its verification finds what is missing or different", async () => {
    const { from, issued } = await seeded(30);
    await from.putDocument('nbf:short', '1', null, 120);
    const to = new MemoryStore();
    expect(await copyStore(from, to)).toMatchObject({ missingAfterCopy: 0 });
    const docs = new Map((await to.scanDocuments(null, 100)).items.map((d) => [d.name, d]));
    expect(docs.get('keys:signing')?.expiresAt).toBeNull();
    expect(Math.abs(docs.get('nbf:short')!.expiresAt! - (Date.now() + 120_000))).toBeLessThan(2000);

    await to.delete(issued[3]!.session.id);
    await to.deleteFamily((await from.scanFamilies(null, 1)).items[0]!.id);
    const other = { ...(await from.get(issued[4]!.session.id))!, secretHash: 'x'.repeat(43) };
    await to.delete(other.id);
    await to.create(other);
    const done = { phase: 'done' as const, cursor: null, copied: 0, skipped: 0 };
    const report = await copyStore(from, to, { resumeFrom: done });
    expect(report.missingAfterCopy).toBe(3);
    expect(report.verified).toMatchObject({
      sessions: { checked: 30, missing: 2 },
      families: { missing: 1 },
    });
  });

  it('refuses a source that cannot be scanned', async () => {
    const to = new MemoryStore();
    const opaque = { ...new MemoryStore(), kind: 'opaque' } as unknown as MemoryStore;
    await expect(copyStore(opaque, to)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });
});
