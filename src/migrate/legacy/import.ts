import { coreOf } from '../../core/gateway.js';
import type { SessionManager } from '../../core/manager.js';
import { SessionError } from '../../errors.js';
import { claimName, importedClaim, type MappedLegacySession, parseClaim } from './claim.js';
import { legacyDerivations } from './derive.js';
import { legacyExpiresAt } from './record.js';

/** One legacy session as a bulk reader finds it. */
export interface LegacyRecord {
  sid: string;
  record: unknown;
  /** Milliseconds left before the legacy store forgets it (null: no expiry known). */
  ttlMs: number | null;
}

/** One page of legacy sessions after `cursor` (null to start), and the next cursor (null: done). */
export type LegacyPager = (
  cursor: string | null,
  count: number,
) => Promise<{ items: LegacyRecord[]; cursor: string | null }>;

/** Where an import stands; save it after every page to resume after an interruption. */
export interface ImportCheckpoint {
  cursor: string | null;
  scanned: number;
  imported: number;
  alreadyImported: number;
  refused: number;
  done: boolean;
}

export interface ImportOptions {
  manager: SessionManager;
  pages: LegacyPager;
  /** The same mapping the adapter's migration uses; null refuses a session (e.g. signed out). */
  map(legacy: unknown): MappedLegacySession | null;
  /** The end of the migration window: imported sessions are kept until then at most. */
  until: Date;
  /** Legacy sessions per page. Default 500. */
  batchSize?: number;
  resumeFrom?: ImportCheckpoint | null;
  /** Stop after this many pages (the checkpoint says where to go on). Default: run to the end. */
  maxPages?: number;
  onProgress?: (checkpoint: ImportCheckpoint) => void | Promise<void>;
}

/**
 * Imports every legacy session into the coatcheck store ahead of the switch-over, off the request
 * path: each is mapped by the application's mapping and written as an imported claim (sealed,
 * keyed by the derived id of its legacy session, living as long as the legacy session would, at
 * most until the window closes). The first request with the legacy cookie turns it into a session
 * exactly once, with no call to the legacy store. Idempotent: a claim that exists is left alone.
 *
 * @example
 * ```ts
 * import { importLegacySessions, connectRedisPages } from 'coatcheck/migrate';
 * const report = await importLegacySessions({
 *   manager, pages: connectRedisPages(client, 'sess:'), until, map: (s) => ({ userId: s.userId }),
 * });
 * ```
 */
export async function importLegacySessions(options: ImportOptions): Promise<ImportCheckpoint> {
  const c = coreOf(options.manager);
  const keyring = c.keyring;
  if (!keyring) throw new SessionError('ERR_CONFIG_INVALID', 'Legacy import needs secrets');
  const state: ImportCheckpoint = options.resumeFrom
    ? { ...options.resumeFrom }
    : { cursor: null, scanned: 0, imported: 0, alreadyImported: 0, refused: 0, done: false };
  const importOne = async (item: LegacyRecord): Promise<'imported' | 'already' | 'refused'> => {
    const now = c.now();
    // The legacy session ends at its store TTL or its cookie's expiry, whichever comes first.
    const byTtl = item.ttlMs !== null ? now + item.ttlMs : Number.POSITIVE_INFINITY;
    const byCookie = legacyExpiresAt(item.record) ?? Number.POSITIVE_INFINITY;
    const ttlMs = Math.min(byTtl, byCookie, options.until.getTime()) - now;
    const mapped = ttlMs > 0 ? mapSafely(options.map, item.record) : null;
    if (!mapped) {
      c.emit({ type: 'legacy.rejected', reason: ttlMs > 0 ? 'unmapped' : 'expired' }, {});
      return 'refused';
    }
    const [newest, ...older] = await legacyDerivations(keyring, item.sid);
    // A claim made under an older secret (before a rotation) counts: never a second claim.
    for (const derived of older) {
      if (await c.store('getDocument', (s) => s.getDocument(claimName(derived.core)))) return 'already';
    }
    const name = claimName(newest!.core);
    const value = await importedClaim(keyring, name, mapped);
    const ttl = Math.max(1, Math.ceil(ttlMs / 1000));
    const put = (version: number | null): Promise<boolean> =>
      c.store('putDocument', (s) => s.putDocument(name, value, version, ttl));
    if (!(await put(null))) {
      // A claim released by a failed request attempt (or abandoned) is free again; others stay.
      const doc = await c.store('getDocument', (s) => s.getDocument(name));
      if (!doc || parseClaim(doc.value, c.now()).state !== 'free' || !(await put(doc.version)))
        return 'already';
    }
    c.emit({ type: 'legacy.imported', userId: mapped.userId }, {});
    return 'imported';
  };
  let pages = 0;
  while (!state.done && (options.maxPages === undefined || pages < options.maxPages)) {
    const page = await options.pages(state.cursor, options.batchSize ?? 500);
    for (const outcome of await Promise.all(page.items.map(importOne))) {
      if (outcome === 'imported') state.imported++;
      else if (outcome === 'already') state.alreadyImported++;
      else state.refused++;
    }
    state.scanned += page.items.length;
    state.cursor = page.cursor;
    state.done = page.cursor === null;
    pages++;
    await options.onProgress?.({ ...state });
  }
  return state;
}

// A mapping that throws on one odd record must not stop the import of the others.
function mapSafely(map: ImportOptions['map'], record: unknown): MappedLegacySession | null {
  try {
    const mapped = map(record);
    return mapped && typeof mapped.userId === 'string' && mapped.userId !== '' ? mapped : null;
  } catch {
    return null;
  }
}
