import { SessionError } from '../../errors.js';

/**
 * Redis AUTH: an ACL user and its password, or the `default` user's password alone.
 *
 * @example
 * ```ts
 * import { RedisStore, type RedisAuth } from 'coatcheck/stores/redis';
 * const auth: RedisAuth = { username: 'coatcheck', password: process.env.REDIS_PASSWORD ?? '' };
 * const sentinelAuth: RedisAuth = { password: process.env.REDIS_SENTINEL_PASSWORD ?? '' };
 * const nodes = [{ host: '10.0.0.5', port: 26379 }];
 * await RedisStore.connect({ connection: { sentinel: { name: 'mymaster', nodes, auth, sentinelAuth } } });
 * ```
 */
export interface RedisAuth {
  username?: string;
  password: string;
}

/**
 * TLS for a `rediss://` URL, as PEM text (read the files yourself, or let `coatcheck serve` read
 * `COATCHECK_REDIS_CA_FILE` and friends): the CA that signed the server's certificate, replacing
 * the system's list, and a client certificate and key when the server asks for one.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { RedisStore, type RedisTls } from 'coatcheck/stores/redis';
 * const tls: RedisTls = { ca: readFileSync('/etc/ssl/redis-ca.pem', 'utf8') };
 * await RedisStore.connect({ connection: { url: 'rediss://coatcheck:CHANGE-ME@redis.internal:6380', tls } });
 * ```
 */
export interface RedisTls {
  ca?: string | string[];
  cert?: string;
  key?: string;
}

/** node-redis client options for `auth`; nothing when there is none. */
export function credentials(auth: RedisAuth | undefined): { username?: string; password?: string } {
  if (!auth) return {};
  return auth.username === undefined
    ? { password: auth.password }
    : { username: auth.username, password: auth.password };
}

/** node-redis socket options for `tls` on `url`, refused unless the URL asks for TLS. */
export function tlsSocket(
  url: string,
  tls: RedisTls,
): { tls: true; ca?: string | string[]; cert?: string; key?: string } {
  if (!url.startsWith('rediss://'))
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'Redis TLS options (a CA or client certificate) need a rediss:// URL',
    );
  if ((tls.cert === undefined) !== (tls.key === undefined))
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'A Redis client certificate needs its key, and a key its certificate',
    );
  return {
    tls: true,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
  };
}
