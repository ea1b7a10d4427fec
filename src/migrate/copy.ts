import { SessionError } from '../errors.js';
import type { ScanPage, SessionStore } from '../stores/types.js';

/** Where a resumable copy stands; save it after every page to resume after an interruption. */
export interface CopyCheckpoint {
  phase: 'sessions' | 'families' | 'documents' | 'done';
  cursor: string | null;
  copied: number;
  skipped: number;
}

export interface CopyOptions {
  /** Records per page. Default 500. */
  batchSize?: number;
  /** Document name prefixes to copy (signing keys, per-user revocation times). Default all. */
  documentPrefixes?: string[];
  /** Resume from here (a checkpoint saved by an earlier, interrupted run). */
  resumeFrom?: CopyCheckpoint | null;
  /** Called after every page with the checkpoint to persist and show as progress. */
  onProgress?: (checkpoint: CopyCheckpoint) => void | Promise<void>;
}

/** What a finished copy did, and what the verification pass found. */
export interface CopyReport {
  copied: number;
  skipped: number;
  /** Source sessions that are live but absent from the target after the copy (should be 0). */
  missingAfterCopy: number;
}

const start: CopyCheckpoint = { phase: 'sessions', cursor: null, copied: 0, skipped: 0 };

/**
 * Copies every live session, refresh family and document from one store to another, keeping ids,
 * secret hashes and absolute expiry times, so every existing token keeps working. Idempotent
 * (records already in the target are left as they are) and resumable from a checkpoint.
 *
 * @example
 * ```ts
 * import { copyStore } from 'coatcheck/migrate';
 * const report = await copyStore(oldStore, newStore, { onProgress: (c) => saveCheckpoint(c) });
 * ```
 */
export async function copyStore(
  from: SessionStore,
  to: SessionStore,
  options: CopyOptions = {},
): Promise<CopyReport> {
  if (!from.scanSessions || !from.scanFamilies || !from.listDocuments) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      `The ${from.kind} store cannot be scanned, so it cannot be copied`,
    );
  }
  const batch = options.batchSize ?? 500;
  const state = { ...(options.resumeFrom ?? start) };
  const progress = async (): Promise<void> => options.onProgress?.({ ...state });
  const pages = async <T>(
    scan: (c: string | null, n: number) => Promise<ScanPage<T>>,
    put: (item: T) => Promise<boolean>,
  ): Promise<void> => {
    do {
      const page = await scan(state.cursor, batch);
      for (const item of page.items) {
        if (await put(item)) state.copied++;
        else state.skipped++;
      }
      state.cursor = page.cursor;
      await progress();
    } while (state.cursor !== null);
  };
  if (state.phase === 'sessions') {
    await pages(from.scanSessions.bind(from), async (s) => (await to.create(s)).created);
    Object.assign(state, { phase: 'families', cursor: null });
  }
  if (state.phase === 'families') {
    await pages(from.scanFamilies.bind(from), (f) => to.createFamily(f));
    Object.assign(state, { phase: 'documents', cursor: null });
  }
  if (state.phase === 'documents') {
    for (const prefix of options.documentPrefixes ?? ['']) {
      for (const name of await from.listDocuments(prefix)) {
        const doc = await from.getDocument(name);
        if (doc && (await to.putDocument(name, doc.value, null))) state.copied++;
        else state.skipped++;
      }
    }
    Object.assign(state, { phase: 'done', cursor: null });
    await progress();
  }
  return {
    copied: state.copied,
    skipped: state.skipped,
    missingAfterCopy: await countMissing(from, to, batch),
  };
}

async function countMissing(from: SessionStore, to: SessionStore, batch: number): Promise<number> {
  let missing = 0;
  let cursor: string | null = null;
  do {
    const page: ScanPage<{ id: string }> = await from.scanSessions!(cursor, batch);
    for (const s of page.items) if (!(await to.get(s.id))) missing++;
    cursor = page.cursor;
  } while (cursor !== null);
  return missing;
}
