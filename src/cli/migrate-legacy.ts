import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createClient } from 'redis';
import { SessionError } from '../errors.js';
import { connectRedisPages, type LegacyRedisClient } from '../migrate/legacy/connect-redis.js';
import { type ImportCheckpoint, importLegacySessions } from '../migrate/legacy/import.js';
import { flag, openContext } from './context.js';
import { loadLegacyMap } from './legacy-mapping.js';
import { CheckpointFile, createProgress, runFigures } from './progress.js';

export const MIGRATE_LEGACY_USAGE = `Usage: coatcheck migrate legacy --from redis://host:port --until <ISO date>
         (--user-field <path> [--data-fields a,b] | --map <module.js>)
         [--prefix sess:] [--to <store>] [--batch-size 500] [--checkpoint <file>] [--pages N] [--json]

Imports every express-session / @fastify/session session kept by connect-redis under --prefix into
the coatcheck store --to (default: --store / COATCHECK_STORE, as serve). Each is mapped to a user
and data, and written as an imported claim that the first request with the legacy cookie turns
into a session; the legacy store is read only. Run it with the application's COATCHECK_SECRETS
and the same --until as the migration window. Resumable (--checkpoint, default in --data-dir),
idempotent (a re-run imports nothing twice). Exit 0 when done, 3 when stopped by --pages.
`;

/** `coatcheck migrate legacy`: bulk import of connect-redis sessions ahead of the switch-over. */
export async function runMigrateLegacy(args: string[]): Promise<number> {
  const from = flag(args, '--from');
  const until = new Date(flag(args, '--until') ?? '');
  const batchSize = Number(flag(args, '--batch-size') ?? 500);
  const maxPages = flag(args, '--pages') === undefined ? undefined : Number(flag(args, '--pages'));
  if (!from || !/^rediss?:\/\//.test(from) || Number.isNaN(until.getTime()) || !(batchSize >= 1)) {
    process.stderr.write(MIGRATE_LEGACY_USAGE);
    return 2;
  }
  if (until.getTime() <= Date.now()) throw new SessionError('ERR_CONFIG_INVALID', '--until is in the past');
  const prefix = flag(args, '--prefix') ?? 'sess:';
  const map = await loadLegacyMap(args);
  const cli = await openContext(args, '--to');
  const client = createClient({ url: from });
  client.on('error', () => {});
  try {
    await client.connect();
    const legacy = client as unknown as LegacyRedisClient;
    const to = flag(args, '--to') ?? process.env.COATCHECK_STORE ?? cli.dataDir;
    // The job is named by a hash: store URLs may hold passwords, and the file must not.
    const job = createHash('sha256').update(`legacy|${from}|${prefix}|${to}`).digest('hex');
    const checkpoint = new CheckpointFile<ImportCheckpoint>(
      flag(args, '--checkpoint') ?? join(cli.dataDir, 'migrate-legacy.checkpoint.json'),
      job,
    );
    const resumeFrom = checkpoint.read();
    const total = await countKeys(legacy, prefix);
    const progress = createProgress('legacy sessions', cli.json);
    const startedAt = performance.now();
    const state = await importLegacySessions({
      manager: cli.sessions,
      pages: connectRedisPages(legacy, prefix),
      map,
      until,
      batchSize,
      resumeFrom,
      ...(maxPages === undefined ? {} : { maxPages }),
      onProgress: (s) => {
        checkpoint.write(s);
        progress.update(
          s.scanned,
          total,
          `${s.imported} imported, ${s.alreadyImported} already, ${s.refused} refused`,
        );
      },
    });
    progress.stop();
    if (state.done) checkpoint.remove();
    const figures = runFigures(startedAt, state.scanned - (resumeFrom?.scanned ?? 0));
    cli.print(
      `${state.done ? 'done' : `stopped after ${maxPages} page(s); run again to resume`}: ${state.scanned} legacy session(s) read — ${state.imported} imported, ${state.alreadyImported} already imported, ${state.refused} refused (no user, or expired) — in ${figures.seconds} s (${figures.perSecond}/s, peak RSS ${figures.peakRssMb} MB)`,
      { ...state, cursor: undefined, ...figures },
    );
    return state.done ? 0 : 3;
  } finally {
    await client.close().catch(() => {});
    await cli.store.close();
  }
}

// For the progress bar only: SCAN counts may include keys that expire meanwhile.
async function countKeys(client: LegacyRedisClient, prefix: string): Promise<number> {
  let count = 0;
  let cursor = '0';
  const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  do {
    const reply = await client.scan(cursor, { MATCH: match, COUNT: 1000 });
    count += reply.keys.length;
    cursor = String(reply.cursor);
  } while (cursor !== '0');
  return count;
}
