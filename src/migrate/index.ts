// `coatcheck/migrate`: moving sessions between stores without logging anyone out.
export { type CopyCheckpoint, type CopyOptions, type CopyReport, copyStore } from './copy.js';
export type { MappedLegacySession } from './legacy/claim.js';
export { connectRedisPages, type LegacyRedisClient } from './legacy/connect-redis.js';
export {
  type ImportCheckpoint,
  type ImportOptions,
  importLegacySessions,
  type LegacyPager,
  type LegacyRecord,
} from './legacy/import.js';
export {
  createLegacyMigration,
  type LegacyMigration,
  type LegacyMigrationOptions,
  type LegacyOutcome,
  type LegacySessionSource,
} from './legacy/migrator.js';
export type { LegacyCookieFormat } from './legacy/signed-cookie.js';
export { ReadThroughStore } from './read-through.js';
