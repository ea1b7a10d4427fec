// What of a request's facts a session keeps: the privacy options, applied in one place (records.ts)
// before anything reaches a store, so listings and the activity log only ever see the result.
import { SessionError } from '../errors.js';
import type { Keyring } from '../keys/keyring.js';
import { hmacSha256 } from '../lib/crypto.js';
import { toBase64Url, utf8 } from '../lib/encoding.js';
import { formatIp, keepPrefix, parseIp } from '../lib/ip.js';
import type { SessionMeta } from '../stores/types.js';
import { deviceName, MAX_DEVICE_NAME } from './device-name.js';

/**
 * What sessions keep of the client, for device lists and the activity log (see docs/privacy.md).
 *
 * @example
 * ```ts
 * import { createSessionManager, type PrivacyOptions } from 'coatcheck';
 * const privacy: PrivacyOptions = { ip: 'truncated', userAgent: false };
 * const sessions = createSessionManager({ store, secrets, privacy });
 * ```
 */
export interface PrivacyOptions {
  /**
   * The client IP: `full` (default), `truncated` (IPv4 to its /24, IPv6 to its /48: the network,
   * not the household), `hashed` (a keyed HMAC under the secrets: comparable, not readable; needs
   * `secrets`), or `none`.
   */
  ip?: 'full' | 'truncated' | 'hashed' | 'none';
  /** Keep the raw User-Agent text. Default true. */
  userAgent?: boolean;
  /** Keep the device name made from the User-Agent ("Chrome 156 on macOS"). Default true. */
  deviceName?: boolean;
}

export type ResolvedPrivacy = Required<PrivacyOptions>;

const IP_MODES = new Set(['full', 'truncated', 'hashed', 'none']);
// A hashed IP names the key that made it, so it stays comparable within one key's lifetime.
// `hmac:<kid>:` and 12 bytes of HMAC-SHA256 in base64url.
const HASHED = /^hmac:[A-Za-z0-9._-]{1,16}:[A-Za-z0-9_-]{16}$/;

export function resolvePrivacy(
  given: PrivacyOptions | undefined,
  keyring: Keyring | undefined,
): ResolvedPrivacy {
  const privacy: ResolvedPrivacy = {
    ip: given?.ip ?? 'full',
    userAgent: given?.userAgent ?? true,
    deviceName: given?.deviceName ?? true,
  };
  if (!IP_MODES.has(privacy.ip)) {
    throw new SessionError('ERR_CONFIG_INVALID', 'privacy.ip must be full, truncated, hashed or none');
  }
  if (privacy.ip === 'hashed' && !keyring) {
    throw new SessionError('ERR_CONFIG_INVALID', "privacy.ip 'hashed' needs secrets (the HMAC key)");
  }
  return privacy;
}

async function keptIp(
  privacy: ResolvedPrivacy,
  keyring: Keyring | null,
  ip: string,
): Promise<string | undefined> {
  const parsed = parseIp(ip);
  switch (privacy.ip) {
    case 'none':
      return undefined;
    case 'full':
      return parsed ? formatIp(parsed) : ip.slice(0, 64);
    case 'truncated':
      // Only an address can be truncated; any other text could be anything, so it is not kept.
      return parsed ? formatIp(keepPrefix(parsed, parsed.length === 4 ? 24 : 48)) : undefined;
    case 'hashed': {
      if (HASHED.test(ip)) return ip; // hashed already (a regenerated session's kept metadata)
      if (!keyring) return undefined; // resolvePrivacy refuses 'hashed' without secrets
      const { kid, key } = await keyring.current('ip');
      const mac = await hmacSha256(key, utf8(parsed ? formatIp(parsed) : ip));
      // 96 bits tell one user's addresses apart with room to spare, in 6 characters less than 128.
      return `hmac:${kid}:${toBase64Url(mac.subarray(0, 12))}`;
    }
  }
}

/**
 * The metadata a record keeps, from what a request (or a caller) gave: the IP as the privacy
 * option says, the device name made from the User-Agent unless one is given, the User-Agent kept
 * or dropped, every field bounded. Idempotent, so a regenerated session's kept metadata can pass
 * through it again unchanged.
 */
export async function keptMeta(
  privacy: ResolvedPrivacy,
  keyring: Keyring | null,
  meta: SessionMeta,
): Promise<SessionMeta> {
  const out: SessionMeta = {};
  if (meta.ip) {
    const ip = await keptIp(privacy, keyring, meta.ip);
    if (ip) out.ip = ip;
  }
  const userAgent = meta.userAgent?.slice(0, 512);
  if (userAgent && privacy.userAgent) out.userAgent = userAgent;
  if (privacy.deviceName) {
    const device = meta.device ?? deviceName(userAgent);
    if (device) out.device = device.slice(0, MAX_DEVICE_NAME);
  }
  if (meta.label) out.label = meta.label.slice(0, 128);
  return out;
}
