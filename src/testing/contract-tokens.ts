import { check, equal } from './assert.js';
import type { ContractCase } from './contract-sessions.js';
import { sampleFamily, sleep } from './fixtures.js';

export const familyAndDocumentCases: ContractCase[] = [
  {
    name: 'refresh families: create, get, no overwrite, delete',
    async run(store) {
      const f = sampleFamily();
      equal(await store.createFamily(f), true, 'create');
      equal(await store.createFamily({ ...f, currentHash: 'other' }), false, 'no overwrite');
      equal(await store.getFamily(f.id), f, 'get');
      equal(await store.deleteFamily(f.id), true, 'delete');
      equal(await store.getFamily(f.id), null, 'gone');
      equal(await store.deleteFamily(f.id), false, 'delete twice');
    },
  },
  {
    name: 'refresh families: updateFamily is a compare-and-set, update-only',
    async run(store) {
      const f = sampleFamily();
      await store.createFamily(f);
      const next = { ...f, generation: 1, previousHash: f.currentHash, currentHash: 'h1' };
      equal(await store.updateFamily(next, { generation: 0, graceUses: 0 }), 'updated', 'rotate');
      equal(
        await store.updateFamily({ ...next, generation: 2 }, { generation: 0, graceUses: 0 }),
        'conflict',
        'stale',
      );
      equal(
        await store.updateFamily({ ...next, graceUses: 1 }, { generation: 1, graceUses: 0 }),
        'updated',
        'grace',
      );
      equal((await store.getFamily(f.id))?.graceUses, 1, 'grace stored');
      await store.deleteFamily(f.id);
      equal(await store.updateFamily(next, { generation: 1, graceUses: 1 }), 'missing', 'deleted');
      equal(await store.getFamily(f.id), null, 'not resurrected');
    },
  },
  {
    name: 'refresh families: parallel rotations of one generation, exactly one wins',
    async run(store) {
      const f = sampleFamily();
      await store.createFamily(f);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.updateFamily({ ...f, generation: 1, currentHash: `h${i}` }, { generation: 0, graceUses: 0 }),
        ),
      );
      equal(results.filter((r) => r === 'updated').length, 1, 'winners');
    },
  },
  {
    name: 'documents: versioned compare-and-set',
    async run(store) {
      const name = `doc-${sampleFamily().id}`;
      equal(await store.getDocument(name), null, 'absent');
      equal(await store.putDocument(name, 'a', null), true, 'insert');
      equal(await store.putDocument(name, 'b', null), false, 'insert twice');
      equal(await store.getDocument(name), { value: 'a', version: 1 }, 'read');
      equal(await store.putDocument(name, 'c', 1), true, 'update');
      equal(await store.putDocument(name, 'd', 1), false, 'stale update');
      equal(await store.getDocument(name), { value: 'c', version: 2 }, 'after update');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.putDocument(name, `p${i}`, 2)),
      );
      equal(results.filter(Boolean).length, 1, 'parallel winners');
    },
  },
  {
    name: 'documents and families expire',
    async run(store) {
      const name = `doc-${sampleFamily().id}`;
      await store.putDocument(name, 'v', null, 1);
      const f = sampleFamily({ expiresAt: Date.now() + 300 });
      await store.createFamily(f);
      check((await store.getDocument(name)) !== null, 'document live');
      await sleep(1100);
      equal(await store.getFamily(f.id), null, 'family expired');
      equal(await store.getDocument(name), null, 'document expired');
    },
  },
];
