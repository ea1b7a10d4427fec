import type { StoredSession } from '../types.js';

// One schema version; a later change adds a migration step keyed on `user_version`.
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS coatcheck_sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  absolute_expires_at INTEGER NOT NULL,
  auth_time INTEGER NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  meta TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS coatcheck_sessions_user ON coatcheck_sessions (user_id, created_at);
CREATE INDEX IF NOT EXISTS coatcheck_sessions_expiry ON coatcheck_sessions (expires_at);
CREATE TABLE IF NOT EXISTS coatcheck_refresh_families (
  id TEXT PRIMARY KEY,
  generation INTEGER NOT NULL,
  grace_uses INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS coatcheck_refresh_expiry ON coatcheck_refresh_families (expires_at);
CREATE TABLE IF NOT EXISTS coatcheck_documents (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  expires_at INTEGER
) STRICT;
CREATE TABLE IF NOT EXISTS coatcheck_activity (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  entry TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS coatcheck_activity_user ON coatcheck_activity (user_id, seq);
CREATE INDEX IF NOT EXISTS coatcheck_activity_expiry ON coatcheck_activity (expires_at);
`;

export interface SessionRow {
  id: string;
  user_id: string;
  secret_hash: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  absolute_expires_at: number;
  auth_time: number;
  version: number;
  data: string;
  meta: string;
}

export function fromRow(row: SessionRow): StoredSession {
  return {
    id: row.id,
    userId: row.user_id,
    secretHash: row.secret_hash,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    absoluteExpiresAt: Number(row.absolute_expires_at),
    authTime: Number(row.auth_time),
    version: Number(row.version),
    data: row.data,
    meta: JSON.parse(row.meta) as StoredSession['meta'],
  };
}
