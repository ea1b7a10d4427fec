import type { PrivacyOptions, SessionManagerOptions } from '../core/options.js';
import { SessionError } from '../errors.js';
import { TrustedProxies } from '../http/client-address.js';
import type { Duration } from '../lib/duration.js';
import type { DrainSettings } from './drain.js';

/** Session policy and store settings the service reads from its environment. */
export interface ServiceSettings {
  manager: Pick<
    SessionManagerOptions,
    'idleTimeout' | 'absoluteTimeout' | 'maxSessionsPerUser' | 'limitPolicy' | 'dataKeyScope' | 'privacy'
  >;
  storeTimeoutMs: number | undefined;
  logLevel: string;
  /** `COATCHECK_TRUSTED_PROXIES`: whose X-Forwarded-For names the client. */
  trustedProxies: TrustedProxies;
  /** How long an instance reuses the signing keyset it read (the token service's `keyCacheTtl`). */
  keyCacheTtl: Duration | undefined;
  drain: DrainSettings;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * `COATCHECK_IDLE_TIMEOUT`, `COATCHECK_ABSOLUTE_TIMEOUT` (seconds or `"30m"`),
 * `COATCHECK_MAX_SESSIONS_PER_USER`, `COATCHECK_SESSION_LIMIT_POLICY` (`evict-oldest` | `reject`),
 * `COATCHECK_DATA_KEY_SCOPE` (`session` | `secret`, the latter during a rolling upgrade only),
 * `COATCHECK_STORE_TIMEOUT_MS` (Redis), `COATCHECK_LOG_LEVEL` (default `info`),
 * `COATCHECK_TRUSTED_PROXIES` (a hop count such as `1`, or addresses and CIDR ranges such as
 * `10.0.0.0/8,loopback`; default none), `COATCHECK_KEY_CACHE_TTL` (seconds or `"1m"`; default
 * 60 s), `COATCHECK_DRAIN_DELAY_MS` (default 0) and `COATCHECK_SHUTDOWN_TIMEOUT_MS` (default
 * 10000), and the privacy settings ({@link readPrivacy}). Unset means the default; a malformed
 * value stops the start.
 */
export function readSettings(env: Record<string, string | undefined>): ServiceSettings {
  const manager: ServiceSettings['manager'] = {};
  const duration = (name: string): Duration | undefined => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : /^\d+$/.test(v) ? Number(v) : (v as Duration);
  };
  const idle = duration('COATCHECK_IDLE_TIMEOUT');
  if (idle !== undefined) manager.idleTimeout = idle;
  const absolute = duration('COATCHECK_ABSOLUTE_TIMEOUT');
  if (absolute !== undefined) manager.absoluteTimeout = absolute;
  const max = whole(env, 'COATCHECK_MAX_SESSIONS_PER_USER');
  if (max !== undefined) manager.maxSessionsPerUser = max;
  const policy = env.COATCHECK_SESSION_LIMIT_POLICY;
  if (policy !== undefined && policy !== '') {
    if (policy !== 'evict-oldest' && policy !== 'reject')
      throw new SessionError('ERR_CONFIG_INVALID', 'COATCHECK_SESSION_LIMIT_POLICY: evict-oldest or reject');
    manager.limitPolicy = policy;
  }
  const scope = env.COATCHECK_DATA_KEY_SCOPE;
  if (scope !== undefined && scope !== '') {
    if (scope !== 'session' && scope !== 'secret')
      throw new SessionError('ERR_CONFIG_INVALID', 'COATCHECK_DATA_KEY_SCOPE: session or secret');
    manager.dataKeyScope = scope;
  }
  const privacy = readPrivacy(env);
  if (privacy) manager.privacy = privacy;
  const logLevel = env.COATCHECK_LOG_LEVEL || 'info';
  if (!LEVELS.has(logLevel))
    throw new SessionError('ERR_CONFIG_INVALID', `COATCHECK_LOG_LEVEL: one of ${[...LEVELS].join(', ')}`);
  return {
    manager,
    storeTimeoutMs: whole(env, 'COATCHECK_STORE_TIMEOUT_MS'),
    logLevel,
    trustedProxies: named(
      'COATCHECK_TRUSTED_PROXIES',
      () => new TrustedProxies(env.COATCHECK_TRUSTED_PROXIES ?? ''),
    ),
    keyCacheTtl: duration('COATCHECK_KEY_CACHE_TTL'),
    drain: {
      drainDelayMs: whole(env, 'COATCHECK_DRAIN_DELAY_MS') ?? 0,
      shutdownTimeoutMs: whole(env, 'COATCHECK_SHUTDOWN_TIMEOUT_MS') ?? 10_000,
    },
  };
}

/**
 * `COATCHECK_PRIVACY_IP` (`full` | `truncated` | `hashed` | `none`), `COATCHECK_PRIVACY_USER_AGENT`
 * and `COATCHECK_PRIVACY_DEVICE_NAME` (`keep` | `none`): the manager's `privacy` option.
 */
function readPrivacy(env: Record<string, string | undefined>): PrivacyOptions | undefined {
  const privacy: PrivacyOptions = {};
  const ip = env.COATCHECK_PRIVACY_IP;
  if (ip) {
    if (!['full', 'truncated', 'hashed', 'none'].includes(ip))
      throw new SessionError('ERR_CONFIG_INVALID', 'COATCHECK_PRIVACY_IP: full, truncated, hashed or none');
    privacy.ip = ip as PrivacyOptions['ip'];
  }
  const keep = (name: string): boolean | undefined => {
    const v = env[name];
    if (!v) return undefined;
    if (v !== 'keep' && v !== 'none') throw new SessionError('ERR_CONFIG_INVALID', `${name}: keep or none`);
    return v === 'keep';
  };
  const userAgent = keep('COATCHECK_PRIVACY_USER_AGENT');
  if (userAgent !== undefined) privacy.userAgent = userAgent;
  const deviceName = keep('COATCHECK_PRIVACY_DEVICE_NAME');
  if (deviceName !== undefined) privacy.deviceName = deviceName;
  return Object.keys(privacy).length > 0 ? privacy : undefined;
}

// The library's message names its own option; the operator set an environment variable.
function named<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SessionError)) throw error;
    throw new SessionError(error.code, `${name}: ${error.message.replace(/^trustedProxies: /, '')}`, {
      cause: error,
    });
  }
}

function whole(env: Record<string, string | undefined>, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new SessionError('ERR_CONFIG_INVALID', `${name} must be a whole number`);
  return Number(v);
}

/**
 * Refresh-token lifetimes for the service: the session's, but at least the 60 s the token service
 * allows. A family that outlives its session is harmless: every refresh first checks the session.
 */
export function refreshLifetimes(session: { idleMs: number; absoluteMs: number }): {
  refreshIdleTimeout: number;
  refreshAbsoluteTimeout: number;
} {
  const idle = Math.max(60, Math.floor(session.idleMs / 1000));
  return {
    refreshIdleTimeout: idle,
    refreshAbsoluteTimeout: Math.max(idle, Math.floor(session.absoluteMs / 1000)),
  };
}

/**
 * The `aud` of the access tokens an operator key (or the demo) obtains. An app's tokens carry the
 * app's own audience instead: `COATCHECK_APP_AUDIENCE` with `{app}` replaced, default the app's name.
 */
export const SERVICE_AUDIENCE = 'coatcheck';

/**
 * The `iss` of the service's access tokens: `COATCHECK_ISSUER` when set (an `https://` URL, or
 * `http://` on loopback); otherwise, when TLS or a proxy (`COATCHECK_ALLOW_PLAIN_HTTP=1`) is
 * configured, the public URL (the first of `COATCHECK_ORIGINS`); otherwise `printed`, the URL
 * `coatcheck serve` prints (`http://localhost:<port>` when bound to 127.0.0.1). Never a request's
 * Host header.
 */
export function serviceIssuer(
  env: Record<string, string | undefined>,
  printed: string,
  tls: boolean,
): string {
  const configured = env.COATCHECK_ISSUER?.trim();
  if (configured) return checkedIssuer(configured);
  const publicOrigin = env.COATCHECK_ORIGINS?.split(',')[0]?.trim();
  const proxied = env.COATCHECK_ALLOW_PLAIN_HTTP === '1';
  return (tls || proxied) && publicOrigin ? checkedIssuer(publicOrigin) : printed;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function checkedIssuer(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SessionError('ERR_CONFIG_INVALID', 'COATCHECK_ISSUER must be an absolute URL');
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure || url.search || url.hash || url.username || url.password) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'COATCHECK_ISSUER must be an https:// URL (http:// on loopback) with no query, fragment or credentials',
    );
  }
  return value;
}
