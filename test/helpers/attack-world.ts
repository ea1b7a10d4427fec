import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { EventBus } from '../../src/events/emitter.js';
import { createSessionManager } from '../../src/index.js';
import { Keyring } from '../../src/keys/keyring.js';
import { SigningKeyProvider } from '../../src/keys/signing/provider.js';
import { systemClock } from '../../src/lib/clock.js';
import { openStore } from '../../src/server/stores.js';
import { createStoreGateway } from '../../src/stores/gateway.js';
import type { SessionStore } from '../../src/stores/types.js';
import { resolveTokenOptions } from '../../src/tokens/options.js';
import { type RawRequest, type RawResponse, rawRequest } from './raw-http.js';
import { DEMO_PASSWORD, startServiceProcess } from './service-process.js';
import { b64 } from './tokens.js';

/** A signed-in browser of the demo: its cookie, token, session handle and CSRF token. */
export interface Device {
  userId: string;
  cookie: string;
  token: string;
  sessionId: string;
  csrfToken: string;
}

export type AttackStoreKind = 'sqlite' | 'redis' | 'redis-cluster';

/**
 * A running `coatcheck serve --demo` process plus a second connection to its store, opened with
 * the same secrets: the test can snapshot everything the service keeps, and sign tokens with the
 * service's real signing key, so a forged token differs from an accepted one in one respect only.
 */
export class AttackWorld {
  private constructor(
    readonly url: string,
    readonly issuer: string,
    readonly store: SessionStore,
    private readonly keys: SigningKeyProvider,
    private readonly stopService: () => Promise<void>,
    /** Everything the service process wrote to stdout and stderr so far. */
    readonly output: () => string,
    private readonly cleanup: () => void,
  ) {}

  /**
   * Starts the service on SQLite, on Redis standalone in a database index of its own, or on the
   * shared Redis Cluster (under the service's own key prefix; snapshots there are not isolated).
   */
  static async start(kind: AttackStoreKind, redisDb = 0): Promise<AttackWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'coatcheck-attack-'));
    const spec = storeSpec(kind, dir, redisDb);
    const secrets = Keyring.generateSecret('k1');
    const service = await startServiceProcess(['--store', spec], { COATCHECK_SECRETS: secrets });
    const store = await openStore(spec);
    const sessions = createSessionManager({ store, secrets });
    const issuer = service.url; // the URL the service prints is the issuer it signs as
    const o = resolveTokenOptions({ sessions, issuer, audience: 'coatcheck' });
    const keys = new SigningKeyProvider({
      store: createStoreGateway(store),
      keyring: Keyring.fromString(secrets),
      policy: o.rotation,
      clock: systemClock,
      events: new EventBus(),
      cacheMs: o.keyCacheMs,
      jwksMaxAgeSeconds: o.jwksMaxAgeSeconds,
    });
    const world = new AttackWorld(service.url, issuer, store, keys, service.stop, service.output, () =>
      rmSync(dir, { recursive: true, force: true }),
    );
    // The service creates its signing key on first use; read it through the service first.
    await fetch(`${service.url}/.well-known/jwks.json`);
    return world;
  }

  send(request: RawRequest): Promise<RawResponse> {
    return rawRequest(this.url, request);
  }

  /** Signs in a demo user as a same-origin page would. */
  async login(userId: string): Promise<Device> {
    const res = await this.send({
      method: 'POST',
      path: '/auth/login',
      headers: [
        ['Sec-Fetch-Site', 'same-origin'],
        ['Content-Type', 'application/json'],
        ['User-Agent', `attack-suite ${userId}`],
      ],
      body: JSON.stringify({ username: userId, password: DEMO_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${userId}: ${res.status} ${res.body}`);
    const cookie = res.headers.find(([n]) => n === 'set-cookie')![1].split(';')[0]!;
    const body = JSON.parse(res.body) as { sessionId: string; csrfToken: string };
    return { userId, cookie, token: cookie.slice(cookie.indexOf('=') + 1), ...body };
  }

  /** The session a cookie proves right now, over HTTP, or null. */
  async whoIs(device: Device): Promise<string | null> {
    const res = await this.send({ method: 'GET', path: '/me', headers: [['Cookie', device.cookie]] });
    return res.status === 200 ? (JSON.parse(res.body) as { sessionId: string }).sessionId : null;
  }

  /**
   * Everything the service keeps: live sessions, refresh families and documents, read through the
   * store's own scans. `lastSeenAt` and the sliding idle expiry are left out: a throttled touch
   * by a legitimate request is not a change an attack made.
   */
  async snapshot(): Promise<string> {
    const sessions = await scanAll((c) => this.store.scanSessions!(c, 500));
    const families = await scanAll((c) => this.store.scanFamilies!(c, 500));
    const names = (await this.store.listDocuments!('')).sort();
    const documents = await Promise.all(names.map((n) => this.store.getDocument(n)));
    const stable = sessions
      .map(({ lastSeenAt: _l, expiresAt: _e, ...rest }) => rest)
      .sort((a, b) => a.id.localeCompare(b.id));
    return JSON.stringify({ stable, families: families.sort((a, b) => a.id.localeCompare(b.id)), documents });
  }

  /** The kid and alg the service signs with now. */
  async signingKey(): Promise<{ kid: string; alg: string }> {
    const { kid, alg } = await this.keys.signer();
    return { kid, alg };
  }

  /** Signs any header and payload, exactly as given, with the service's real signing key. */
  async sign(header: Record<string, unknown>, payload: unknown): Promise<string> {
    const { key } = await this.keys.signer();
    const input = `${b64(header)}.${b64(payload)}`;
    const algorithm = key.algorithm.name === 'Ed25519' ? 'Ed25519' : { name: 'ECDSA', hash: 'SHA-256' };
    const signature = await crypto.subtle.sign(algorithm, key, new TextEncoder().encode(input));
    return `${input}.${Buffer.from(signature).toString('base64url')}`;
  }

  async stop(): Promise<void> {
    await this.store.close();
    await this.stopService();
    this.cleanup();
  }
}

function storeSpec(kind: AttackStoreKind, dir: string, redisDb: number): string {
  const redis = inject('redis');
  if (kind === 'sqlite') return `sqlite:${join(dir, 'sessions.db')}`;
  if (kind === 'redis') return `${redis.standalone}/${redisDb}`;
  return `redis-cluster://${redis.cluster.nodes.map((url) => new URL(url).host).join(',')}`;
}

async function scanAll<T>(page: (cursor: string | null) => Promise<{ items: T[]; cursor: string | null }>) {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const next: { items: T[]; cursor: string | null } = await page(cursor);
    items.push(...next.items);
    cursor = next.cursor;
  } while (cursor !== null);
  return items;
}
