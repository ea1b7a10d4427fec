import type { SessionMeta } from '../stores/types.js';

/** Session data: any JSON object. */
export type SessionData = Record<string, unknown>;

/**
 * A validated session. Times are milliseconds since the epoch. `id` is the public handle: safe
 * to show, log and use for revocation; it is not a credential.
 */
export interface Session<Data extends SessionData = SessionData> {
  id: string;
  userId: string;
  data: Data;
  /** Pass back to {@link SessionManager.setData} for compare-and-set. */
  version: number;
  createdAt: number;
  lastSeenAt: number;
  /** When the session ends if unused (sliding). */
  idleExpiresAt: number;
  /** When the session ends regardless of use. */
  absoluteExpiresAt: number;
  /** When the user last proved who they are (for step-up checks). */
  authTime: number;
  meta: SessionMeta;
}

/** One row of a user's device list. Carries no credential. */
export interface SessionInfo {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  /** As the `privacy.ip` option kept it: full, truncated, `hmac:<kid>:…`, or absent. */
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** The device name made at sign-in ("Chrome 156 on macOS", "Safari on iPhone"). */
  device?: string | undefined;
  label?: string | undefined;
  /** True for the session that asked. */
  current: boolean;
}
