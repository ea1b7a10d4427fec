import { SessionError } from '../errors.js';
import type { NamedDocument, ScanPage, SessionStore } from '../stores/types.js';
import { copyDocument } from './copy-document.js';
import { scanDocuments } from './scan-documents.js';
import { type CopyVerification, verifyCopy } from './verify.js';

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
  /** Stop after this many pages (the checkpoint says where to go on). Default: run to the end. */
  maxPages?: number;
  /** Called after every page with the checkpoint to persist and show as progress. */
  onProgress?: (checkpoint: CopyCheckpoint) => void | Promise<void>;
  /** Time source for remaining TTLs. Default Date.now. */
  now?: () => number;
}

/** What a copy did, and what the verification pass found (when it ran to the end). */
export interface CopyReport {
  copied: number;
  skipped: number;
  /** Live source records absent from (or, for sessions, different in) the target: should be 0. */
  missingAfterCopy: number;
  /** Per kind: records checked, and missing ones. Null when the copy stopped early (maxPages). */
  verified: CopyVerification | null;
  checkpoint: CopyCheckpoint;
}

const start: CopyCheckpoint = { phase: 'sessions', cursor: null, copied: 0, skipped: 0 };
const next = { sessions: 'families', families: 'documents', documents: 'done' } as const;

/**
 * Copies every live session (with its per-user index entry), refresh family and document (signing
 * keys, revocation times) from one store to another, keeping ids, secret hashes, versions of
 * nothing but data, and expiry times, so every existing token keeps working. Idempotent (records
 * already in the target are left as they are), resumable from a checkpoint, verified at the end.
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
  if (!from.scanSessions || !from.scanFamilies || !(from.scanDocuments || from.listDocuments)) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      `The ${from.kind} store cannot be scanned, so it cannot be copied`,
    );
  }
  const batch = options.batchSize ?? 500;
  const now = options.now ?? Date.now;
  const state = { ...(options.resumeFrom ?? start) };
  const scans = {
    sessions: from.scanSessions.bind(from),
    families: from.scanFamilies.bind(from),
    documents: (c: string | null, n: number) => scanDocuments(from, c, n),
  };
  const puts = {
    sessions: async (s: never) => (await to.create(s)).created,
    families: (f: never) => to.createFamily(f),
    documents: (d: NamedDocument) => putDocument(to, d, now(), options.documentPrefixes),
  };
  let pages = 0;
  while (state.phase !== 'done') {
    if (options.maxPages !== undefined && pages >= options.maxPages) {
      return {
        copied: state.copied,
        skipped: state.skipped,
        missingAfterCopy: 0,
        verified: null,
        checkpoint: state,
      };
    }
    const phase = state.phase;
    const page = (await scans[phase](state.cursor, batch)) as ScanPage<never>;
    const done = await Promise.all(page.items.map((item) => puts[phase](item)));
    for (const copied of done) copied ? state.copied++ : state.skipped++;
    state.cursor = page.cursor;
    if (page.cursor === null) state.phase = next[phase];
    pages++;
    await options.onProgress?.({ ...state });
  }
  const verified = await verifyCopy(from, to, batch, (d) => wanted(d.name, options.documentPrefixes));
  const missingAfterCopy = verified.sessions.missing + verified.families.missing + verified.documents.missing;
  return { copied: state.copied, skipped: state.skipped, missingAfterCopy, verified, checkpoint: state };
}

function wanted(name: string, prefixes: string[] | undefined): boolean {
  return !prefixes || prefixes.some((p) => name.startsWith(p));
}

// The expiry (and, where the target can, the version) goes with the document.
async function putDocument(
  to: SessionStore,
  doc: NamedDocument,
  now: number,
  prefixes?: string[],
): Promise<boolean> {
  return wanted(doc.name, prefixes) && copyDocument(to, doc, now);
}
