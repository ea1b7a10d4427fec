// `coatcheck/migrate`: moving sessions between stores without logging anyone out.
export { type CopyCheckpoint, type CopyOptions, type CopyReport, copyStore } from './copy.js';
export {
  createLegacyMigration,
  type LegacyMigrationOptions,
  type LegacyOutcome,
  type LegacySessionSource,
} from './legacy/migrator.js';
export { ReadThroughStore } from './read-through.js';
