import type { NamedDocument, ScanPage, SessionStore } from '../stores/types.js';
import { scanDocuments } from './scan-documents.js';

/** Records checked and records missing, per kind. */
export interface CopyVerification {
  sessions: { checked: number; missing: number };
  families: { checked: number; missing: number };
  documents: { checked: number; missing: number };
}

/**
 * The verification pass after a copy, record by record: every live source session must be in the
 * target with the same user and secret hash (data and last-seen may have moved on there), every
 * refresh family and document must exist. Families are checked by presence only: a family may
 * rotate on the new store while the application serves from it.
 */
export async function verifyCopy(
  from: SessionStore,
  to: SessionStore,
  batch: number,
  wantDocument: (doc: NamedDocument) => boolean,
): Promise<CopyVerification> {
  const sessions = await pass(from.scanSessions!.bind(from), batch, async (s) => {
    const there = await to.get(s.id);
    return there !== null && there.userId === s.userId && there.secretHash === s.secretHash;
  });
  const families = await pass(
    from.scanFamilies!.bind(from),
    batch,
    async (f) => (await to.getFamily(f.id)) !== null,
  );
  const documents = await pass(
    (c, n) => scanDocuments(from, c, n),
    batch,
    async (d) => !wantDocument(d) || (await to.getDocument(d.name)) !== null,
  );
  return { sessions, families, documents };
}

async function pass<T>(
  scan: (cursor: string | null, count: number) => Promise<ScanPage<T>>,
  batch: number,
  present: (item: T) => Promise<boolean>,
): Promise<{ checked: number; missing: number }> {
  let checked = 0;
  let missing = 0;
  let cursor: string | null = null;
  do {
    const page: ScanPage<T> = await scan(cursor, batch);
    for (const ok of await Promise.all(page.items.map(present))) {
      checked++;
      if (!ok) missing++;
    }
    cursor = page.cursor;
  } while (cursor !== null);
  return { checked, missing };
}
