// The coatcheck side of the app: one manager on the configured store and the Auth.js sessions on
// it, made at the first request (so `next build` never opens the store).
import { createSessionManager, type SessionStore } from 'coatcheck';
import { AuthjsSessions } from 'coatcheck/adapters/authjs';
import { headers } from 'next/headers';
import { type ExampleConfig, readConfig } from './config';

interface App {
  config: ExampleConfig;
  sessions: AuthjsSessions;
}

let started: Promise<App> | undefined;

async function openStore(spec: string): Promise<SessionStore> {
  if (spec.startsWith('sqlite:')) {
    const { SqliteStore } = await import('coatcheck/stores/sqlite');
    return new SqliteStore({ path: spec.slice('sqlite:'.length) });
  }
  const { RedisStore } = await import('coatcheck/stores/redis');
  return RedisStore.connect({ connection: { url: spec } });
}

async function start(): Promise<App> {
  const config = readConfig();
  // Auth.js keeps a session 30 days by default: the absolute lifetime allows it.
  const manager = createSessionManager({
    store: await openStore(config.store),
    secrets: config.secrets,
    absoluteTimeout: '30d',
  });
  const sessions = new AuthjsSessions({
    manager,
    // Auth.js gives adapters no request: the device's user agent comes from Next's headers().
    meta: async () => ({ userAgent: (await headers()).get('user-agent')?.slice(0, 256) ?? undefined }),
  });
  return { config, sessions };
}

export function app(): Promise<App> {
  started ??= start().catch((error: unknown) => {
    started = undefined; // a store that was down at the first request is tried again at the next
    throw error;
  });
  return started;
}
