// One session manager per copy of this module. Next compiles proxy.ts separately from the app, so
// the proxy opens its own (a second connection to the same store). Never hand objects across that
// boundary (say through globalThis): each bundle has its own copy of coatcheck, and `instanceof`
// checks between the copies fail.
import { createSessionManager, type SessionManager, type SessionStore } from 'coatcheck';
import {
  createNextSessions,
  type NextRoute,
  type NextSessions,
  type RouteOptions,
} from 'coatcheck/adapters/next';
import { cookies, headers } from 'next/headers';
import { connection } from 'next/server';
import { type ExampleConfig, readConfig } from './config';

interface App {
  config: ExampleConfig;
  sessions: SessionManager;
  auth: NextSessions;
}

let started: Promise<App> | undefined;

async function openStore(spec: string): Promise<SessionStore> {
  if (spec.startsWith('sqlite:')) {
    const { SqliteStore } = await import('coatcheck/stores/sqlite');
    return new SqliteStore({ path: spec.slice('sqlite:'.length) });
  }
  // Loaded only when asked for: `redis` is an optional peer of coatcheck.
  const { RedisStore } = await import('coatcheck/stores/redis');
  return RedisStore.connect({ connection: { url: spec } });
}

async function start(): Promise<App> {
  const config = readConfig();
  const sessions = createSessionManager({ store: await openStore(config.store), secrets: config.secrets });
  const auth = createNextSessions(sessions, { cookies, headers, trustedOrigins: config.origins });
  return { config, sessions, auth };
}

/** The app's manager and Next.js helpers, made at the first call. */
export function app(): Promise<App> {
  started ??= start().catch((error: unknown) => {
    started = undefined; // A store that was down at the first request is tried again at the next.
    throw error;
  });
  return started;
}

/** A Route Handler under coatcheck, made lazily so `next build` never opens the store. */
export function route(
  handler: NextRoute<unknown>,
  options?: RouteOptions,
): (request: Request, ctx: unknown) => Promise<Response> {
  return async (request, ctx) => {
    // Per request, never at build time: with Cache Components, `next build` prerenders GET route
    // handlers, and this one must not open the store (or need the secrets) there.
    await connection();
    return (await app()).auth.route(handler, options)(request, ctx);
  };
}
