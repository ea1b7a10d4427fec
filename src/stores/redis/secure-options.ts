import { SessionError } from '../../errors.js';

/** Redis AUTH: an ACL user and its password, or the `default` user's password alone. */
export interface RedisAuth {
  username?: string;
  password: string;
}

/**
 * TLS for a `rediss://` URL, as PEM text (read the files yourself, or let `coatcheck serve` read
 * `COATCHECK_REDIS_CA_FILE` and friends): the CA that signed the server's certificate, replacing
 * the system's list, and a client certificate and key when the server asks for one.
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
