// Another Auth.js adapter for the wrapping mode: Auth.js's own Drizzle adapter on SQLite (sql.js,
// in memory), with the tables it defines by default.

import type { Adapter, AdapterAccount, AdapterUser, VerificationToken } from '@auth/core/adapters';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/sql-js';
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import initSqlJs from 'sql.js';

const users = sqliteTable('user', {
  id: text('id').primaryKey(),
  name: text('name'),
  email: text('email').unique(),
  emailVerified: integer('emailVerified', { mode: 'timestamp_ms' }),
  image: text('image'),
});
const accounts = sqliteTable(
  'account',
  {
    userId: text('userId').notNull(),
    type: text('type').$type<AdapterAccount['type']>().notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('providerAccountId').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);
const tokens = sqliteTable(
  'verificationToken',
  {
    identifier: text('identifier').notNull(),
    token: text('token').notNull(),
    expires: integer('expires', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

const DDL = `
PRAGMA foreign_keys = ON;
CREATE TABLE user (id TEXT PRIMARY KEY, name TEXT, email TEXT UNIQUE, emailVerified INTEGER, image TEXT);
CREATE TABLE account (userId TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE, type TEXT NOT NULL,
  provider TEXT NOT NULL, providerAccountId TEXT NOT NULL, refresh_token TEXT, access_token TEXT,
  expires_at INTEGER, token_type TEXT, scope TEXT, id_token TEXT, session_state TEXT,
  PRIMARY KEY (provider, providerAccountId));
CREATE TABLE session (sessionToken TEXT PRIMARY KEY, userId TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  expires INTEGER NOT NULL);
CREATE TABLE verificationToken (identifier TEXT NOT NULL, token TEXT NOT NULL, expires INTEGER NOT NULL,
  PRIMARY KEY (identifier, token));
CREATE TABLE authenticator (credentialID TEXT NOT NULL UNIQUE, userId TEXT NOT NULL, providerAccountId TEXT NOT NULL,
  credentialPublicKey TEXT NOT NULL, counter INTEGER NOT NULL, credentialDeviceType TEXT NOT NULL,
  credentialBackedUp INTEGER NOT NULL, transports TEXT, PRIMARY KEY (userId, credentialID));
`;

/** What a test reads straight from the users database. */
export interface DrizzleUsers {
  adapter: Adapter;
  user(id: string): Promise<AdapterUser | null>;
  account(key: { provider: string; providerAccountId: string }): Promise<AdapterAccount | null>;
  verificationToken(key: { identifier: string; token: string }): Promise<VerificationToken | null>;
  /** Rows in Drizzle's own session table: always 0 when coatcheck keeps the sessions. */
  sessionRows(): number;
}

export async function drizzleUsers(): Promise<DrizzleUsers> {
  const SQL = await initSqlJs();
  const sqlite = new SQL.Database();
  sqlite.exec(DDL);
  const db = drizzle(sqlite);
  const strip = <T extends object>(row: T | undefined): T | null =>
    row ? (Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as T) : null;
  return {
    adapter: DrizzleAdapter(db),
    user: async (id) => strip(db.select().from(users).where(eq(users.id, id)).get()) as AdapterUser | null,
    account: async (key) =>
      strip(
        db
          .select()
          .from(accounts)
          .where(
            and(eq(accounts.provider, key.provider), eq(accounts.providerAccountId, key.providerAccountId)),
          )
          .get(),
      ) as AdapterAccount | null,
    verificationToken: async (key) =>
      strip(
        db
          .select()
          .from(tokens)
          .where(and(eq(tokens.identifier, key.identifier), eq(tokens.token, key.token)))
          .get(),
      ),
    sessionRows: () => Number(sqlite.exec('SELECT count(*) FROM session')[0]?.values[0]?.[0] ?? 0),
  };
}
