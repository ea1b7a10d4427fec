import { check, equal } from './assert.js';
import type { ContractCase } from './contract-sessions.js';
import { sampleFamily, sampleSession } from './fixtures.js';

export const scanCases: ContractCase[] = [
  {
    name: 'scanSessions pages through every live session exactly once',
    async run(store) {
      const userId = sampleSession().userId;
      const mine = Array.from({ length: 25 }, () => sampleSession({ userId }));
      for (const s of mine) await store.create(s);
      const seen = new Map<string, number>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<NonNullable<typeof store.scanSessions>>> = await store.scanSessions!(
          cursor,
          7,
        );
        // The page size is a hint (SessionStore.scanSessions): only the cursor ends a scan.
        check(Array.isArray(page.items), 'a page has items');
        for (const s of page.items) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
        cursor = page.cursor;
        check(++pages < 10_000, 'scan terminates');
      } while (cursor !== null);
      for (const s of mine) equal(seen.get(s.id), 1, `session ${s.id} seen once`);
    },
  },
  {
    name: 'scanFamilies and listDocuments find what was written',
    async run(store) {
      const families = Array.from({ length: 5 }, () => sampleFamily());
      for (const f of families) await store.createFamily(f);
      const found = new Set<string>();
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<NonNullable<typeof store.scanFamilies>>> = await store.scanFamilies!(
          cursor,
          2,
        );
        for (const f of page.items) found.add(f.id);
        cursor = page.cursor;
      } while (cursor !== null);
      for (const f of families) check(found.has(f.id), `family ${f.id} found`);
      const prefix = `scan-${sampleFamily().id}:`;
      await store.putDocument(`${prefix}a`, '1', null);
      await store.putDocument(`${prefix}b`, '2', null);
      equal((await store.listDocuments!(prefix)).sort(), [`${prefix}a`, `${prefix}b`], 'documents by prefix');
    },
  },
  {
    name: 'scanDocuments pages through live documents with their expiry',
    async run(store) {
      // Optional: a store may offer listDocuments instead, which copyStore falls back to.
      if (!store.scanDocuments) {
        check(typeof store.listDocuments === 'function', 'scanDocuments or listDocuments is implemented');
        return;
      }
      const prefix = `scandoc-${sampleFamily().id}:`;
      await store.putDocument(`${prefix}forever`, 'f', null);
      await store.putDocument(`${prefix}hour`, 'h', null, 3600);
      const found = new Map<string, { value: string; expiresAt: number | null }>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<NonNullable<typeof store.scanDocuments>>> = await store.scanDocuments(
          cursor,
          3,
        );
        for (const d of page.items) found.set(d.name, d);
        cursor = page.cursor;
        check(++pages < 10_000, 'scan terminates');
      } while (cursor !== null);
      equal(found.get(`${prefix}forever`)?.expiresAt, null, 'no expiry');
      equal(found.get(`${prefix}forever`)?.value, 'f', 'value');
      const hour = found.get(`${prefix}hour`)?.expiresAt ?? 0;
      check(Math.abs(hour - (Date.now() + 3600_000)) < 60_000, 'expiry kept');
    },
  },
];
