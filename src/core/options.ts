import { type CookieAttributes, serializeCookie } from '../cookies/serialize.js';
import { SessionError } from '../errors.js';
import { EventBus } from '../events/emitter.js';
import type { EventSink } from '../events/types.js';
import { Keyring } from '../keys/keyring.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { type Duration, toSeconds } from '../lib/duration.js';
import { isProduction } from '../lib/environment.js';
import type { ActivityBounds, SessionLimit, SessionStore } from '../stores/types.js';
import { type PrivacyOptions, type ResolvedPrivacy, resolvePrivacy } from './privacy.js';

export type { PrivacyOptions } from './privacy.js';

/** Session cookie settings; the defaults are `__Host-sid; Secure; HttpOnly; Path=/; SameSite=Lax`. */
export interface SessionCookieOptions {
  name?: string;
  sameSite?: 'Strict' | 'Lax' | 'None';
  /** Only for plain-HTTP development hosts other than localhost; refused in production. */
  secure?: boolean;
  /** Persistent cookies carry Max-Age = the time left until the absolute expiry. Default true. */
  persistent?: boolean;
  partitioned?: boolean;
}

/** A sign-in from a device and network not in the user's recent activity. */
export interface NewDeviceSignIn {
  userId: string;
  /** The new session's public handle. */
  sessionId: string;
  /** The device name stored on the session, if any. */
  device?: string | undefined;
  /** The IP as stored (after the privacy setting), if any. */
  ip?: string | undefined;
  /** When, in ms since the epoch. */
  at: number;
}

/** Options of {@link createSessionManager}. Durations are seconds or strings like `"30m"`. */
export interface SessionManagerOptions {
  store: SessionStore;
  /**
   * A keyring, or secrets as `"k2:…,k1:…"` (`coatcheck secret generate`). Needed for data
   * encryption and CSRF tokens. `undefined` is accepted so `process.env.COATCHECK_SECRETS` can be
   * passed as it is; a configuration that needs secrets then fails when the manager is built.
   */
  secrets?: Keyring | string | undefined;
  /** Idle timeout. Default 30 minutes. */
  idleTimeout?: Duration;
  /** Absolute lifetime from sign-in. Default 12 hours. */
  absoluteTimeout?: Duration;
  /** Minimum time between sliding-expiry writes. Default a tenth of the idle timeout, at most 5 min. */
  touchAfter?: Duration;
  /** Concurrent sessions per user; 0 for no limit. Default 100. */
  maxSessionsPerUser?: number;
  /** What happens at the limit. Default `evict-oldest`. */
  limitPolicy?: SessionLimit['policy'];
  /** Encrypt session data at rest (AES-256-GCM). Default true when secrets are given. */
  encryptData?: boolean;
  /**
   * Which data key seals: `session` (default), a key of its own per session (`$e3` values), or
   * `secret`, the secret's one data key (`$e1`, what versions before per-session keys wrote and
   * can read). Both are always read. Set `secret` only during a rolling upgrade, while processes
   * of such an earlier version share the store; then remove it.
   */
  dataKeyScope?: 'session' | 'secret';
  /** Largest serialised session data, in bytes. Default 65536. */
  maxDataBytes?: number;
  cookie?: SessionCookieOptions;
  /** Ask browsers to drop cache, cookies and storage on logout (`Clear-Site-Data`). Default false. */
  clearSiteDataOnLogout?: boolean;
  /**
   * What sessions keep of the client: IP `full` (default), `truncated`, `hashed` or `none`; the
   * User-Agent and the device name (both kept by default). See docs/privacy.md.
   */
  privacy?: PrivacyOptions;
  /**
   * The per-user activity log (`sessions.activity(userId)`): sign-ins, sign-outs, revocations and
   * the rest, each with its time, session handle, device name, IP and actor. Default on when the
   * store keeps one (memory, SQLite, Redis): the last 100 entries, none older than 90 days.
   * `false` turns it off.
   */
  activity?: false | { maxEntries?: number; maxAge?: Duration };
  /**
   * Called when a user signs in from a device name and network (IPv4 /24, IPv6 /48) that is not in
   * their recent activity, so the app can send a "new sign-in" email. Errors it throws are
   * ignored. The same sign-in also emits `session.new_device` and records a `new-device` entry.
   */
  onNewDevice?: (signIn: NewDeviceSignIn) => void | Promise<void>;
  /** Sinks or a bus for auth events. */
  events?: EventBus | EventSink[];
  clock?: Clock;
  /** Production refuses weak configuration. Default: NODE_ENV === 'production'. */
  production?: boolean;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  store: SessionStore;
  keyring: Keyring | null;
  idleMs: number;
  absoluteMs: number;
  touchAfterMs: number;
  limit: SessionLimit | undefined;
  encryptData: boolean;
  dataKeyScope: 'session' | 'secret';
  maxDataBytes: number;
  cookieName: string;
  cookie: Omit<CookieAttributes, 'maxAge'>;
  persistentCookie: boolean;
  clearSiteData: string | null;
  privacy: ResolvedPrivacy;
  events: EventBus;
  clock: Clock;
  /** Null when the log is off or the store keeps none. */
  activity: ActivityBounds | null;
  /** Whether sign-ins ask the store whether the device is new. */
  newDeviceCheck: boolean;
  onNewDevice: ((signIn: NewDeviceSignIn) => void | Promise<void>) | undefined;
}

export const DEFAULT_IDLE_TIMEOUT_SECONDS = 30 * 60;
export const DEFAULT_ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60;
export const DEFAULT_MAX_SESSIONS_PER_USER = 100;
export const DEFAULT_ACTIVITY_ENTRIES = 100;
export const DEFAULT_ACTIVITY_AGE_SECONDS = 90 * 86_400;

export function resolveOptions(options: SessionManagerOptions): ResolvedOptions {
  const production = options.production ?? isProduction();
  const idle = toSeconds(options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_SECONDS, 'idleTimeout');
  const absolute = toSeconds(options.absoluteTimeout ?? DEFAULT_ABSOLUTE_TIMEOUT_SECONDS, 'absoluteTimeout');
  if (idle < 1 || absolute < idle) {
    throw new SessionError('ERR_CONFIG_INVALID', 'Need 1s <= idleTimeout <= absoluteTimeout');
  }
  const touchAfter = toSeconds(options.touchAfter ?? Math.min(300, Math.floor(idle / 10)), 'touchAfter');
  const keyring = typeof options.secrets === 'string' ? Keyring.fromString(options.secrets) : options.secrets;
  const encryptData = options.encryptData ?? keyring !== undefined;
  if (encryptData && !keyring) throw new SessionError('ERR_CONFIG_INVALID', 'encryptData needs secrets');
  const dataKeyScope = options.dataKeyScope ?? 'session';
  if (dataKeyScope !== 'session' && dataKeyScope !== 'secret')
    throw new SessionError('ERR_CONFIG_INVALID', "dataKeyScope must be 'session' or 'secret'");
  const secure = options.cookie?.secure ?? true;
  if (production && !secure) throw new SessionError('ERR_CONFIG_WEAK', 'Production needs Secure cookies');
  const max = options.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER;
  const cookieName = options.cookie?.name ?? (secure ? '__Host-sid' : 'sid');
  const cookie = {
    secure,
    httpOnly: true,
    sameSite: options.cookie?.sameSite ?? 'Lax',
    path: '/',
    partitioned: options.cookie?.partitioned,
  } as const;
  checkCookie(cookieName, cookie, options.cookie);
  return {
    store: options.store,
    keyring: keyring ?? null,
    idleMs: idle * 1000,
    absoluteMs: absolute * 1000,
    touchAfterMs: Math.min(touchAfter, idle) * 1000,
    limit: max > 0 ? { max, policy: options.limitPolicy ?? 'evict-oldest' } : undefined,
    encryptData,
    dataKeyScope,
    maxDataBytes: options.maxDataBytes ?? 65536,
    cookieName,
    cookie,
    persistentCookie: options.cookie?.persistent ?? true,
    clearSiteData: options.clearSiteDataOnLogout ? '"cache", "cookies", "storage"' : null,
    privacy: resolvePrivacy(options.privacy, keyring),
    events: options.events instanceof EventBus ? options.events : new EventBus(options.events),
    clock: options.clock ?? systemClock,
    ...activityOptions(options),
  };
}

function activityOptions(
  options: SessionManagerOptions,
): Pick<ResolvedOptions, 'activity' | 'newDeviceCheck' | 'onNewDevice'> {
  const given = options.activity === false ? {} : (options.activity ?? {});
  const kept = typeof options.store.listActivity === 'function' && options.activity !== false;
  const maxEntries = given.maxEntries ?? DEFAULT_ACTIVITY_ENTRIES;
  const maxAge = toSeconds(given.maxAge ?? DEFAULT_ACTIVITY_AGE_SECONDS, 'activity.maxAge');
  if (!Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > 1000) {
    throw new SessionError('ERR_CONFIG_INVALID', 'activity.maxEntries must be an integer from 1 to 1000');
  }
  if (maxAge < 60) throw new SessionError('ERR_CONFIG_INVALID', 'activity.maxAge must be at least 1 minute');
  const activity = kept ? { maxEntries, maxAgeMs: maxAge * 1000 } : null;
  return { activity, newDeviceCheck: activity !== null, onNewDevice: options.onNewDevice };
}

// Bad cookie settings (a `__Host-` name without Secure, SameSite=None without Secure, an invalid
// name or SameSite) fail here, when the manager is built, instead of on the first request.
function checkCookie(
  name: string,
  cookie: Omit<CookieAttributes, 'maxAge'>,
  given: SessionCookieOptions | undefined,
): void {
  if (!['Strict', 'Lax', 'None'].includes(cookie.sameSite)) {
    throw new SessionError('ERR_CONFIG_INVALID', 'cookie.sameSite must be Strict, Lax or None');
  }
  // Untyped callers may pass one; it would be ignored silently, so say so (host-only cookie).
  if (given && 'domain' in given) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'cookie.domain is not supported: the session cookie is host-only',
    );
  }
  serializeCookie(name, '', { ...cookie, maxAge: 0 });
}
