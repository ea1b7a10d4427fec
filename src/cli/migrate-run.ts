import { createHash } from 'node:crypto';
import { CheckpointFile } from './progress.js';

/** The flags both migrate commands take: page size, checkpoint, page limit, data dir, output. */
export const MIGRATE_RUN_OPTIONS = {
  'batch-size': { type: 'string' },
  checkpoint: { type: 'string' },
  pages: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `--batch-size` (default 500) and `--pages` as numbers; null when either is not valid. */
export function parseRunLimits(values: { 'batch-size'?: string; pages?: string }): {
  batchSize: number;
  maxPages: number | undefined;
} | null {
  const batchSize = Number(values['batch-size'] ?? 500);
  const maxPages = values.pages === undefined ? undefined : Number(values.pages);
  const pagesValid = maxPages === undefined || (Number.isInteger(maxPages) && maxPages >= 1);
  return batchSize >= 1 && pagesValid ? { batchSize, maxPages } : null;
}

/** The checkpoint file of a job named by a hash: store URLs may hold passwords, and the file must not. */
export function jobCheckpoint<T>(path: string, jobParts: readonly string[]): CheckpointFile<T> {
  return new CheckpointFile<T>(path, createHash('sha256').update(jobParts.join('|')).digest('hex'));
}
