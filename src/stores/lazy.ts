import { SessionError } from '../errors.js';
import type { SessionStore } from './types.js';

type Method = Exclude<keyof SessionStore, 'kind'>;

const METHODS: readonly Method[] = [
  'create',
  'get',
  'touch',
  'updateData',
  'replace',
  'delete',
  'listByUser',
  'deleteByUser',
  'createFamily',
  'getFamily',
  'updateFamily',
  'deleteFamily',
  'getDocument',
  'putDocument',
  'scanSessions',
  'scanFamilies',
  'listDocuments',
  'scanDocuments',
  'purgeExpired',
  'appendActivity',
  'listActivity',
];

/**
 * A store opened at its first call instead of at start-up, for stores whose `connect()` is async
 * (Redis) in set-ups that are evaluated before there is anything to connect to: a Next.js module
 * that `next build` loads, a serverless cold start. Concurrent first calls share one attempt; when
 * it fails, that call fails (the manager turns it into ERR_STORE_UNAVAILABLE, fail closed) and the
 * next call tries again. `close()` before the first call opens nothing.
 *
 * @example
 * ```ts
 * import { createSessionManager, lazyStore } from 'coatcheck';
 * import { RedisStore } from 'coatcheck/stores/redis';
 *
 * export const sessions = createSessionManager({
 *   store: lazyStore(() => RedisStore.connect({ connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } })),
 *   secrets: process.env.COATCHECK_SECRETS,
 * });
 * ```
 */
export function lazyStore(open: () => Promise<SessionStore>): SessionStore {
  let opened: SessionStore | undefined;
  let opening: Promise<SessionStore> | undefined;
  const store = (): Promise<SessionStore> => {
    if (opened) return Promise.resolve(opened);
    opening ??= open().then(
      (s) => {
        opened = s;
        return s;
      },
      (error: unknown) => {
        opening = undefined; // a store that was down at the first call is tried again at the next
        throw error;
      },
    );
    return opening;
  };
  const lazy = {
    get kind(): string {
      return opened?.kind ?? 'lazy';
    },
    async close(): Promise<void> {
      const s = opened ?? (await opening?.catch(() => undefined));
      await s?.close();
    },
  } as SessionStore;
  for (const name of METHODS) {
    (lazy as unknown as Record<Method, unknown>)[name] = async (...args: unknown[]) => {
      const s = await store();
      const method = s[name] as ((...a: unknown[]) => Promise<unknown>) | undefined;
      if (!method) throw new SessionError('ERR_CONFIG_INVALID', `This ${s.kind} store has no ${name}()`);
      return method.apply(s, args);
    };
  }
  return lazy;
}
