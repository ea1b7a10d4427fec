import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createSessionManager } from '../core/manager.js';
import { SessionError } from '../errors.js';
import { EventBus } from '../events/emitter.js';
import { createLogger, pinoEventSink } from '../logging/pino-sink.js';
import { createTokenService } from '../tokens/service.js';
import { createServiceApp } from './app.js';
import { createMetrics } from './metrics.js';
import { currentRequest } from './request-log.js';
import { loadSecrets } from './secrets.js';
import { readSettings, refreshLifetimes } from './settings.js';
import { openStore } from './stores.js';

export interface ServeOptions {
  host: string;
  port: number;
  store?: string | undefined;
  demo: boolean;
  dataDir: string;
  env: Record<string, string | undefined>;
  say(line: string): void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts the service; resolves with its URL and a function that stops it. */
export async function startService(o: ServeOptions): Promise<{ url: string; close(): Promise<void> }> {
  const production = o.env.NODE_ENV === 'production';
  if (!LOOPBACK.has(o.host) && o.env.COATCHECK_ALLOW_PLAIN_HTTP !== '1') {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'Plain HTTP outside loopback: put TLS in front and set COATCHECK_ALLOW_PLAIN_HTTP=1',
    );
  }
  const secrets = loadSecrets({ env: o.env, dataDir: o.dataDir, production, say: o.say });
  const settings = readSettings(o.env);
  const opened = await openStore(o.store ?? `sqlite:${join(o.dataDir, 'sessions.db')}`, {
    commandTimeoutMs: settings.storeTimeoutMs,
  });
  const logger = createLogger({ level: settings.logLevel });
  const events = new EventBus([pinoEventSink(logger, { context: currentRequest })]);
  const metrics = createMetrics(events);
  const store = metrics.timed(opened);
  const base = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`;
  const sessions = createSessionManager({
    ...settings.manager,
    store,
    secrets: secrets.secrets,
    production,
    events,
  });
  const tokens = createTokenService({
    sessions,
    issuer: base,
    audience: 'coatcheck',
    ...refreshLifetimes(sessions.options),
  });
  const origins = o.env.COATCHECK_ORIGINS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [`http://localhost:${o.port}`, `http://127.0.0.1:${o.port}`];
  const app = createServiceApp({
    sessions,
    tokens,
    serviceKeys: secrets.serviceKeys,
    metrics,
    logger,
    demo: o.demo ? { password: secrets.demoPassword, origins } : null,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s));
  });
  const url = o.host === '127.0.0.1' ? `http://localhost:${o.port}` : base;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => void opened.close().then(resolve, resolve));
      }),
  };
}
