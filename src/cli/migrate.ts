import { MIGRATE_LEGACY_USAGE, runMigrateLegacy } from './migrate-legacy.js';
import { MIGRATE_STORES_USAGE, runMigrateStores } from './migrate-stores.js';

/** `coatcheck migrate …`: `legacy` imports connect-redis sessions; otherwise a store-to-store copy. */
export function runMigrate(args: string[]): Promise<number> {
  const legacy = args[0] === 'legacy';
  if (!legacy && (args.includes('--help') || args.includes('-h'))) {
    process.stdout.write(`${MIGRATE_STORES_USAGE}\n${MIGRATE_LEGACY_USAGE}`);
    return Promise.resolve(0);
  }
  return legacy ? runMigrateLegacy(args.slice(1)) : runMigrateStores(args);
}
