import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { createSessionManager } from '../core/manager.js';
import { EventBus } from '../events/emitter.js';
import { isProduction } from '../lib/environment.js';
import { createLogger, pinoEventSink } from '../logging/pino-sink.js';
import { createTokenService } from '../tokens/service.js';
import { createServiceApp } from './app.js';
import { drainServer } from './drain.js';
import { createMetrics } from './metrics.js';
import { readyGate } from './ready-gate.js';
import { currentRequest, requestLineLogger } from './request-log.js';
import { loadSecrets } from './secrets.js';
import { readSettings, refreshLifetimes, SERVICE_AUDIENCE, serviceIssuer } from './settings.js';
import { openStore } from './stores.js';
import { checkTransport, HTTP_LIMITS, readTls, type TlsFiles } from './transport.js';

export interface ServeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  store?: string | undefined;
  demo: boolean;
  dataDir: string;
  tls?: TlsFiles | undefined;
  env: Record<string, string | undefined>;
  say(line: string): void;
}

/**
 * Starts the service; resolves with its URL, the issuer its access tokens name (the URL itself
 * unless `COATCHECK_ISSUER` or a public origin says otherwise) and a function that stops it
 * gracefully (drain.ts: readiness off, the drain delay, no new connections, requests in flight
 * finished, then the store closed). Refuses, before listening, plain HTTP outside loopback (unless
 * acknowledged) and weak production secrets.
 */
export async function startService(
  o: ServeOptions,
): Promise<{ url: string; issuer: string; close(): Promise<void> }> {
  const production = isProduction(o.env);
  checkTransport(o.host, o.tls, o.env.COATCHECK_ALLOW_PLAIN_HTTP === '1');
  const tls = o.tls ? readTls(o.tls) : undefined;
  const secrets = loadSecrets({ env: o.env, dataDir: o.dataDir, production, demo: o.demo, say: o.say });
  const settings = readSettings(o.env);
  const opened = await openStore(o.store ?? `sqlite:${join(o.dataDir, 'sessions.db')}`, {
    commandTimeoutMs: settings.storeTimeoutMs,
    env: o.env,
  });
  // Lines are gathered and written in batches (at 4 KiB, and by one shared timer every 100 ms), so
  // a busy service pays for one write per batch instead of a blocking write per line.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 100 });
  const logger = createLogger({ level: settings.logLevel, destination });
  // The app needs the bound port (for its issuer and trusted origins), so it is built after
  // listen; requests that arrive before it exists wait for it at the gate.
  const gate = readyGate();
  const server: Server = tls
    ? createHttpsServer({ ...tls, ...HTTP_LIMITS }, gate.listener)
    : createHttpServer(HTTP_LIMITS, gate.listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => void opened.close().finally(() => reject(error)));
    server.listen(o.port, o.host, () => resolve());
  });
  let closing: Promise<void> | undefined;
  const stop = (drainDelayMs: number): Promise<void> => {
    closing ??= drainServer(server, gate, { ...settings.drain, drainDelayMs }).then(() => {
      flush(destination);
      return opened.close().catch(() => undefined);
    });
    return closing;
  };
  try {
    return { ...(await mount()), close: () => stop(settings.drain.drainDelayMs) };
  } catch (error) {
    gate.fail();
    await stop(0);
    throw error;
  }

  async function mount(): Promise<{ url: string; issuer: string }> {
    const port = (server.address() as AddressInfo).port;
    const scheme = tls ? 'https' : 'http';
    const base = `${scheme}://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
    // One address for people and verifiers: the URL printed (localhost, which browsers treat as a
    // secure context) is also the issuer tokens name, so a verifier set up from it accepts them.
    const url = o.host === '127.0.0.1' ? `${scheme}://localhost:${port}` : base;
    const issuer = serviceIssuer(o.env, url, tls !== undefined);
    const events = new EventBus([pinoEventSink(logger, { context: currentRequest })]);
    const metrics = createMetrics(events, { token: o.env.COATCHECK_METRICS_TOKEN });
    const sessions = createSessionManager({
      ...settings.manager,
      store: metrics.timed(opened),
      secrets: secrets.secrets,
      production,
      events,
    });
    const tokens = createTokenService({
      sessions,
      issuer,
      audience: SERVICE_AUDIENCE,
      // An app's tokens carry its own audience (default: its name), never the service's (M1).
      appAudience: o.env.COATCHECK_APP_AUDIENCE?.trim() || undefined,
      ...refreshLifetimes(sessions.options),
      ...(settings.keyCacheTtl === undefined ? {} : { keyCacheTtl: settings.keyCacheTtl }),
    });
    const origins = o.env.COATCHECK_ORIGINS?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [`${scheme}://localhost:${port}`, `${scheme}://127.0.0.1:${port}`];
    const app = createServiceApp({
      sessions,
      tokens,
      serviceKeys: secrets.serviceKeys,
      metrics,
      logger: requestLineLogger(settings.logLevel, destination),
      ready: gate.ready,
      demo: o.demo ? { password: secrets.demoPassword, origins } : null,
      trustedProxies: settings.trustedProxies,
    });
    gate.open(app.listener);
    return { url, issuer };
  }
}

function flush(destination: { flushSync(): void }): void {
  try {
    destination.flushSync();
  } catch {
    // nothing buffered, or stdout already gone: there is nothing left to save
  }
}
