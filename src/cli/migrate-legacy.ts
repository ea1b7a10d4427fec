import { join } from 'node:path';
import { SessionError } from '../errors.js';
import { connectRedisPages, type LegacyRedisClient } from '../migrate/legacy/connect-redis.js';
import { type ImportCheckpoint, importLegacySessions } from '../migrate/legacy/import.js';
import { parseCommand, UsageError } from './args.js';
import { openContext } from './context.js';
import { loadLegacyMap } from './legacy-mapping.js';
import { loadRedis } from './load-redis.js';
import { jobCheckpoint, MIGRATE_RUN_OPTIONS, parseRunLimits } from './migrate-run.js';
import { createProgress, runFigures } from './progress.js';

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
  const { values } = parseCommand(
    args,
    {
      from: { type: 'string' },
      until: { type: 'string' },
      'user-field': { type: 'string' },
      'data-fields': { type: 'string' },
      map: { type: 'string' },
      prefix: { type: 'string' },
      to: { type: 'string' },
      ...MIGRATE_RUN_OPTIONS,
    },
    MIGRATE_LEGACY_USAGE,
  );
  if (values.help) {
    process.stdout.write(MIGRATE_LEGACY_USAGE);
    return 0;
  }
  const from = values.from;
  const until = new Date(values.until ?? '');
  const limits = parseRunLimits(values);
  if (!from || !/^rediss?:\/\//.test(from) || Number.isNaN(until.getTime()) || !limits)
    throw new UsageError(
      'Give --from redis://…, --until <ISO date> and positive numbers',
      MIGRATE_LEGACY_USAGE,
    );
  const { batchSize, maxPages } = limits;
  if (until.getTime() <= Date.now()) throw new SessionError('ERR_CONFIG_INVALID', '--until is in the past');
  const prefix = values.prefix ?? 'sess:';
  const map = await loadLegacyMap(values);
  const cli = await openContext({ store: values.to, 'data-dir': values['data-dir'], json: values.json });
  const { createClient } = await loadRedis();
  const client = createClient({ url: from });
  client.on('error', () => {});
  try {
    await client.connect();
    const legacy = client as unknown as LegacyRedisClient;
    const to = values.to ?? process.env.COATCHECK_STORE ?? cli.dataDir;
    const checkpoint = jobCheckpoint<ImportCheckpoint>(
      values.checkpoint ?? join(cli.dataDir, 'migrate-legacy.checkpoint.json'),
      ['legacy', from, prefix, to],
    );
    const resumeFrom = checkpoint.read();
    const total = await countKeys(legacy, prefix);
    const progress = await createProgress('legacy sessions', cli.json);
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
