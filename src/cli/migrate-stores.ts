import { join } from 'node:path';
import { type CopyCheckpoint, copyStore } from '../migrate/copy.js';
import { openStore } from '../server/stores.js';
import { parseCommand, UsageError } from './args.js';
import { jobCheckpoint, MIGRATE_RUN_OPTIONS, parseRunLimits } from './migrate-run.js';
import { createProgress, runFigures } from './progress.js';

export const MIGRATE_STORES_USAGE = `Usage: coatcheck migrate --from <store> --to <store>
         [--batch-size 500] [--checkpoint <file>] [--pages N] [--data-dir <dir>] [--json]

Copies every live session (with its per-user index), refresh family and document (signing keys,
revocation times, migration claims) from one store to another, keeping ids, secret hashes and
remaining lifetimes, so every session cookie, refresh token and access token keeps working.
Stores are URLs as serve's --store takes them: sqlite:<path>, memory:, redis://…,
redis-sentinel://host:port,…/<name>, redis-cluster://host:port,…
Resumable (--checkpoint, default in --data-dir), idempotent (records already in the target are
left alone), verified record by record at the end. While the application keeps serving, run it
behind a ReadThroughStore (see docs/migration.md). Exit 0 when verified, 1 when records are
missing, 3 when stopped by --pages.
`;

/** `coatcheck migrate --from <store> --to <store>`: the store-to-store copy. */
export async function runMigrateStores(args: string[]): Promise<number> {
  const { values } = parseCommand(
    args,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      ...MIGRATE_RUN_OPTIONS,
    },
    MIGRATE_STORES_USAGE,
  );
  const { from: fromSpec, to: toSpec } = values;
  const limits = parseRunLimits(values);
  if (!fromSpec || !toSpec || fromSpec === toSpec || !limits)
    throw new UsageError(
      'Give --from and --to (two different stores) and positive numbers',
      MIGRATE_STORES_USAGE,
    );
  const { batchSize, maxPages } = limits;
  const json = values.json === true;
  const dataDir = values['data-dir'] ?? process.env.COATCHECK_DATA_DIR ?? 'data';
  const checkpoint = jobCheckpoint<CopyCheckpoint>(
    values.checkpoint ?? join(dataDir, 'migrate-stores.checkpoint.json'),
    ['stores', fromSpec, toSpec],
  );
  const resumeFrom = checkpoint.read();
  const from = await openStore(fromSpec);
  const to = await openStore(toSpec).catch(async (error: unknown) => {
    await from.close();
    throw error;
  });
  try {
    const progress = await createProgress(`${from.kind} → ${to.kind}`, json);
    const startedAt = performance.now();
    const report = await copyStore(from, to, {
      batchSize,
      resumeFrom,
      ...(maxPages === undefined ? {} : { maxPages }),
      onProgress: (c) => {
        checkpoint.write(c);
        progress.update(
          c.copied + c.skipped,
          null,
          `${c.phase}: ${c.copied} copied, ${c.skipped} already there`,
        );
      },
    });
    progress.stop();
    const figures = runFigures(
      startedAt,
      report.copied + report.skipped - (resumeFrom ? resumeFrom.copied + resumeFrom.skipped : 0),
    );
    const data = {
      copied: report.copied,
      skipped: report.skipped,
      missing: report.missingAfterCopy,
      verified: report.verified,
      ...figures,
    };
    if (!report.verified) {
      print(
        json,
        `stopped after ${maxPages} page(s) in ${report.checkpoint.phase}: ${report.copied} copied, ${report.skipped} already there; run again to resume`,
        data,
      );
      return 3;
    }
    checkpoint.remove();
    const v = report.verified;
    print(
      json,
      `done: ${report.copied} copied, ${report.skipped} already there, in ${figures.seconds} s (${figures.perSecond}/s, peak RSS ${figures.peakRssMb} MB)\nverified: sessions ${v.sessions.checked - v.sessions.missing}/${v.sessions.checked}, refresh families ${v.families.checked - v.families.missing}/${v.families.checked}, documents ${v.documents.checked - v.documents.missing}/${v.documents.checked}${report.missingAfterCopy ? ` — ${report.missingAfterCopy} MISSING` : ''}`,
      data,
    );
    return report.missingAfterCopy === 0 ? 0 : 1;
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
}

function print(json: boolean, human: string, data: unknown): void {
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${human}\n`);
}
