import { readFileSync } from 'node:fs';
import { SessionError } from '../errors.js';
import type { RedisAuth, RedisTls } from '../stores/redis/index.js';

/** The Redis credentials and TLS files the service reads from its environment. */
export interface RedisSecurity {
  /** The data nodes' user behind `redis-sentinel://`. */
  auth?: RedisAuth;
  /** The sentinels' own credentials. */
  sentinelAuth?: RedisAuth;
  /** For `rediss://`: PEM text read from the files named. */
  tls?: RedisTls;
}

type Env = Record<string, string | undefined>;
const set = (env: Env, name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

function auth(env: Env, user: string, password: string): RedisAuth | undefined {
  const username = set(env, user);
  const secret = set(env, password);
  if (secret === undefined) {
    if (username !== undefined) throw new SessionError('ERR_CONFIG_INVALID', `${user} needs ${password}`);
    return undefined;
  }
  return username === undefined ? { password: secret } : { username, password: secret };
}

// A missing or unreadable file stops the start, naming the variable and the path (never content).
function pem(env: Env, name: string): string | undefined {
  const path = set(env, name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new SessionError('ERR_CONFIG_INVALID', `${name}: cannot read ${path} (${code})`, { cause: error });
  }
}

/**
 * `COATCHECK_REDIS_SENTINEL_USERNAME` / `COATCHECK_REDIS_SENTINEL_PASSWORD` (the sentinels'),
 * `COATCHECK_REDIS_USERNAME` / `COATCHECK_REDIS_PASSWORD` (the data nodes' behind Sentinel;
 * `redis://` and `rediss://` URLs carry their own), and for `rediss://` `COATCHECK_REDIS_CA_FILE`
 * (PEM of the CA to trust instead of the system's), `COATCHECK_REDIS_CERT_FILE` and
 * `COATCHECK_REDIS_KEY_FILE` (a client certificate). Unset or empty means none.
 */
export function readRedisSecurity(env: Env): RedisSecurity {
  const security: RedisSecurity = {};
  const data = auth(env, 'COATCHECK_REDIS_USERNAME', 'COATCHECK_REDIS_PASSWORD');
  if (data) security.auth = data;
  const sentinel = auth(env, 'COATCHECK_REDIS_SENTINEL_USERNAME', 'COATCHECK_REDIS_SENTINEL_PASSWORD');
  if (sentinel) security.sentinelAuth = sentinel;
  const [ca, cert, key] = ['CA', 'CERT', 'KEY'].map((part) => pem(env, `COATCHECK_REDIS_${part}_FILE`));
  if (ca !== undefined || cert !== undefined || key !== undefined) {
    security.tls = {
      ...(ca === undefined ? {} : { ca }),
      ...(cert === undefined ? {} : { cert }),
      ...(key === undefined ? {} : { key }),
    };
  }
  return security;
}

/** Refuses settings the chosen topology would silently ignore. */
export function checkRedisSecurity(security: RedisSecurity, kind: 'url' | 'sentinel' | 'cluster'): void {
  const refuse = (message: string) => {
    throw new SessionError('ERR_CONFIG_INVALID', message);
  };
  if (security.sentinelAuth && kind !== 'sentinel')
    refuse('COATCHECK_REDIS_SENTINEL_USERNAME/PASSWORD apply to redis-sentinel:// stores only');
  if (security.auth && kind !== 'sentinel')
    refuse(
      'COATCHECK_REDIS_USERNAME/PASSWORD apply to redis-sentinel:// stores; put credentials in a redis:// URL',
    );
  if (security.tls && kind !== 'url')
    refuse('COATCHECK_REDIS_CA_FILE, _CERT_FILE and _KEY_FILE apply to rediss:// stores only');
}
