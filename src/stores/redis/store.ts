import { SessionError } from '../../errors.js';
import { routeTag, tagOf } from '../../session-id/route-tag.js';
import type {
  CreateResult,
  NamedDocument,
  ScanPage,
  SessionLimit,
  SessionStore,
  StoredDocument,
  StoredRefreshFamily,
  StoredSession,
  UpdateResult,
} from '../types.js';
import { decodeSession, encodeSession } from './codec.js';
import {
  type Connected,
  connect,
  LuaScript,
  type RedisCommander,
  type RedisConnection,
} from './connection.js';
import { Deadlines } from './deadline.js';
import { indexMember, RedisKeys, userRange } from './keys.js';
import { openConnection } from './open.js';
import { scanPage } from './scan.js';
import { PUT_DOCUMENT, UPDATE_FAMILY } from './scripts/other-scripts.js';
import { CREATE, DELETE, DELETE_USER, LIST, REPLACE, TOUCH, UPDATE_DATA } from './scripts/session-scripts.js';

export interface RedisStoreOptions {
  connection: RedisConnection;
  /** Key prefix, so several apps can share a Redis. Default `cc:`. */
  prefix?: string;
  /** Upper bound on any one store call, in milliseconds. Default 1000. */
  commandTimeoutMs?: number;
  /** Upper bound on establishing a connection, in milliseconds. Default 2000. */
  connectTimeoutMs?: number;
}

const S = {
  create: new LuaScript(CREATE),
  touch: new LuaScript(TOUCH),
  updateData: new LuaScript(UPDATE_DATA),
  replace: new LuaScript(REPLACE),
  delete: new LuaScript(DELETE),
  list: new LuaScript(LIST),
  deleteUser: new LuaScript(DELETE_USER),
  updateFamily: new LuaScript(UPDATE_FAMILY),
  putDocument: new LuaScript(PUT_DOCUMENT),
};

/**
 * The production store: Redis standalone, Sentinel or Cluster through node-redis. Every multi-key
 * operation is one Lua script on keys sharing one hash tag (atomic on a Cluster too); a read is one
 * GET; every call is bounded in time and fails closed.
 *
 * @example
 * ```ts
 * import { RedisStore } from 'coatcheck/stores/redis';
 * const store = await RedisStore.connect({ connection: { url: 'redis://127.0.0.1:6379' } });
 * ```
 */
export class RedisStore implements SessionStore {
  readonly kind = 'redis';
  readonly #redis: RedisCommander;
  readonly #connected: Connected;
  readonly #keys: RedisKeys;
  readonly #deadlines: Deadlines;

  private constructor(connected: Connected, options: RedisStoreOptions) {
    this.#connected = connected;
    this.#redis = connected.commander;
    this.#keys = new RedisKeys(options.prefix ?? 'cc:');
    this.#deadlines = new Deadlines(options.commandTimeoutMs ?? 1000);
  }

  /** Connects and returns a ready store; rejects with ERR_STORE_UNAVAILABLE if Redis cannot be reached. */
  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const connected = connect(options.connection, options.connectTimeoutMs ?? 2000);
    const store = new RedisStore(connected, options);
    await openConnection(connected, options.connection, options.connectTimeoutMs ?? 2000);
    return store;
  }

  async create(session: StoredSession, limit?: SessionLimit): Promise<CreateResult> {
    assertTag(session);
    const [lo, hi] = userRange(session.userId);
    const reply = (await this.#script(
      S.create,
      [this.#keys.session(session.id), this.#keys.index(session.id)],
      [
        indexMember(session.userId, session.createdAt, session.id),
        lo,
        hi,
        String(limit?.max ?? 0),
        limit?.policy === 'reject' ? 'r' : 'e',
        String(session.expiresAt),
        String(session.absoluteExpiresAt),
        this.#keys.sessionPrefix(session.id),
        encodeSession(session),
      ],
    )) as string[];
    if (reply[0] === 'exists') return { created: false, reason: 'exists' };
    if (reply[0] === 'limit') return { created: false, reason: 'limit' };
    return { created: true, evicted: reply.slice(1) };
  }

  async get(id: string): Promise<StoredSession | null> {
    return decodeSession(id, await this.#call(this.#redis.get(this.#keys.session(id))));
  }

  async touch(id: string, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    const args = [String(lastSeenAt), String(expiresAt)];
    return (await this.#script(S.touch, [this.#keys.session(id)], args)) === 1;
  }

  async updateData(id: string, expectedVersion: number, data: string): Promise<UpdateResult> {
    const args = [expectedVersion.toString(36), (expectedVersion + 1).toString(36), data];
    return (await this.#script(S.updateData, [this.#keys.session(id)], args)) as UpdateResult;
  }

  async replace(oldId: string, replacement: StoredSession): Promise<boolean> {
    assertTag(replacement);
    if (tagOf(oldId) !== tagOf(replacement.id)) return false;
    const keys = [this.#keys.session(oldId), this.#keys.session(replacement.id), this.#keys.index(oldId)];
    const args = [
      oldId,
      indexMember(replacement.userId, replacement.createdAt, replacement.id),
      String(replacement.expiresAt),
      String(replacement.absoluteExpiresAt),
      encodeSession(replacement),
    ];
    return (await this.#script(S.replace, keys, args)) === 1;
  }

  async delete(id: string): Promise<StoredSession | null> {
    const reply = await this.#script(S.delete, [this.#keys.session(id), this.#keys.index(id)], [id]);
    return decodeSession(id, typeof reply === 'string' ? reply : null);
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    const probe = routeTag(userId);
    const [lo, hi] = userRange(userId);
    const reply = (await this.#script(
      S.list,
      [this.#keys.index(probe)],
      [lo, hi, this.#keys.sessionPrefix(probe)],
    )) as unknown[];
    const out: StoredSession[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) {
      const session = decodeSession(String(reply[i]), reply[i + 1] as string | null);
      if (session) out.push(session);
    }
    return out;
  }

  async deleteByUser(userId: string, exceptId?: string): Promise<string[]> {
    const probe = routeTag(userId);
    const [lo, hi] = userRange(userId);
    const args = [lo, hi, this.#keys.sessionPrefix(probe), exceptId ?? ''];
    return ((await this.#script(S.deleteUser, [this.#keys.index(probe)], args)) as unknown[]).map(String);
  }

  async createFamily(family: StoredRefreshFamily): Promise<boolean> {
    const reply = await this.#call(
      this.#redis.set(this.#keys.family(family.id), JSON.stringify(family), {
        condition: 'NX',
        expiration: { type: 'PXAT', value: family.expiresAt },
      }),
    );
    return reply === 'OK';
  }

  async getFamily(id: string): Promise<StoredRefreshFamily | null> {
    const raw = await this.#call(this.#redis.get(this.#keys.family(id)));
    return raw ? (JSON.parse(raw) as StoredRefreshFamily) : null;
  }

  async updateFamily(
    next: StoredRefreshFamily,
    expected: { generation: number; graceUses: number },
  ): Promise<UpdateResult> {
    const args = [
      String(expected.generation),
      String(expected.graceUses),
      JSON.stringify(next),
      String(next.expiresAt),
    ];
    return (await this.#script(S.updateFamily, [this.#keys.family(next.id)], args)) as UpdateResult;
  }

  async deleteFamily(id: string): Promise<boolean> {
    return (await this.#call(this.#redis.del(this.#keys.family(id)))) > 0;
  }

  async getDocument(name: string): Promise<StoredDocument | null> {
    const [value, version] = await this.#call(this.#redis.hmGet(this.#keys.document(name), ['v', 'n']));
    return value === null || value === undefined ? null : { value, version: Number(version) };
  }

  async putDocument(
    name: string,
    value: string,
    expectedVersion: number | null,
    ttlSeconds?: number,
  ): Promise<boolean> {
    const args = [expectedVersion === null ? '' : String(expectedVersion), value, String(ttlSeconds ?? 0)];
    return (await this.#script(S.putDocument, [this.#keys.document(name)], args)) === 1;
  }

  async scanSessions(cursor: string | null, count: number): Promise<ScanPage<StoredSession>> {
    const page = await scanPage(
      await this.#connected.scanNodes(),
      this.#keys.sessionPattern(),
      cursor,
      count,
    );
    const ids = page.keys.map((key) => this.#keys.idOfSessionKey(key)).filter((id) => id !== null);
    const items = await Promise.all(ids.map((id) => this.get(id)));
    return { items: items.filter((s) => s !== null), cursor: page.cursor };
  }

  async scanFamilies(cursor: string | null, count: number): Promise<ScanPage<StoredRefreshFamily>> {
    const page = await scanPage(await this.#connected.scanNodes(), this.#keys.familyPattern(), cursor, count);
    const items = await Promise.all(page.keys.map((key) => this.#call(this.#redis.get(key))));
    return {
      items: items.filter((raw) => raw !== null).map((raw) => JSON.parse(raw) as StoredRefreshFamily),
      cursor: page.cursor,
    };
  }

  async listDocuments(prefix: string): Promise<string[]> {
    const names: string[] = [];
    let cursor: string | null = null;
    const start = `${this.#keys.prefix}{d:`;
    do {
      const page: { keys: string[]; cursor: string | null } = await scanPage(
        await this.#connected.scanNodes(),
        this.#keys.documentPattern(),
        cursor,
        500,
      );
      for (const key of page.keys) {
        const name = key.slice(start.length, -1);
        if (name.startsWith(prefix)) names.push(name);
      }
      cursor = page.cursor;
    } while (cursor !== null);
    return names;
  }

  async scanDocuments(cursor: string | null, count: number): Promise<ScanPage<NamedDocument>> {
    const page = await scanPage(
      await this.#connected.scanNodes(),
      this.#keys.documentPattern(),
      cursor,
      count,
    );
    const start = `${this.#keys.prefix}{d:`.length;
    const items = await Promise.all(
      page.keys.map(async (key): Promise<NamedDocument | null> => {
        const [[value, version], ttl] = await Promise.all([
          this.#call(this.#redis.hmGet(key, ['v', 'n'])),
          this.#call(this.#redis.pTTL(key)),
        ]);
        if (value === null || value === undefined || ttl === -2) return null;
        const expiresAt = ttl >= 0 ? Date.now() + ttl : null;
        return { name: key.slice(start, -1), value, version: Number(version), expiresAt };
      }),
    );
    return { items: items.filter((d) => d !== null), cursor: page.cursor };
  }

  async close(): Promise<void> {
    const redis = this.#redis;
    await (redis.close ? redis.close() : redis.quit?.())?.catch(() => {});
  }

  #script(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    return this.#call(script.run(this.#redis, keys, args));
  }

  #call<T>(work: Promise<T>): Promise<T> {
    return this.#deadlines.run(work);
  }
}

// A session whose id does not carry its user's routing tag would be indexed in another slot.
function assertTag(session: StoredSession): void {
  if (tagOf(session.id) !== routeTag(session.userId)) {
    throw new SessionError('ERR_BAD_REQUEST', 'Session id does not carry its user routing tag');
  }
}
