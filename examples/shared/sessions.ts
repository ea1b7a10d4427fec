// Opens the configured store and the session manager, and listens before the app is built, so the
// trusted origins can name the real port even when PORT=0.
import { createServer, type Server } from 'node:http';
import { createSessionManager, type SessionManager, type SessionStore } from 'coatcheck';
import type { ExampleConfig } from './config.ts';

/** The sqlite store, or the Redis one (loaded only when asked for: `redis` is an optional peer). */
export async function openStore(spec: string): Promise<SessionStore> {
  if (spec.startsWith('sqlite:')) {
    const { SqliteStore } = await import('coatcheck/stores/sqlite');
    return new SqliteStore({ path: spec.slice('sqlite:'.length) });
  }
  const { RedisStore } = await import('coatcheck/stores/redis');
  return RedisStore.connect({ connection: { url: spec } });
}

/**
 * The manager with coatcheck's defaults: `__Host-sid` cookie, data sealed with the keyring, the
 * production checks when NODE_ENV=production. The same defaults as `coatcheck serve`, so a session
 * made here validates there (and the other way round).
 */
export function sessionManager(store: SessionStore, config: ExampleConfig): SessionManager {
  return createSessionManager({ store, secrets: config.secrets });
}

/** A plain Node HTTP server, already listening; the framework's handler is attached afterwards. */
export function listen(host: string, port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

/** Prints the one line that tells a reader (or a test) where the server is. */
export function announce(host: string, port: number): void {
  const shown = host.includes(':') ? `[${host}]` : host;
  process.stdout.write(`listening on http://${shown}:${port}\n`);
}

/** Stops cleanly on SIGINT/SIGTERM: no new connections, then the store is closed. */
export function stopOnSignals(server: Server, store: SessionStore): void {
  const stop = (): void => {
    server.close(() => void store.close().finally(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** A start that cannot proceed: one clear line on stderr, exit code 1, no stack trace. */
export function failStart(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cannot start: ${message}\n`);
  process.exit(1);
}
