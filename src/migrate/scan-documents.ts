import type { NamedDocument, ScanPage, SessionStore } from '../stores/types.js';

/** Pages of documents: `scanDocuments` when the store has it, else one page from `listDocuments`. */
export async function scanDocuments(
  store: SessionStore,
  cursor: string | null,
  count: number,
): Promise<ScanPage<NamedDocument>> {
  if (store.scanDocuments) return store.scanDocuments(cursor, count);
  const items: NamedDocument[] = [];
  for (const name of await store.listDocuments!('')) {
    const doc = await store.getDocument(name);
    if (doc) items.push({ name, ...doc, expiresAt: null });
  }
  return { items, cursor: null };
}
