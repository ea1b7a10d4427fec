// The shapes the service speaks, once: route input is checked against them and /openapi.json is
// generated from them. Bounds mirror the core's own checks so the core never sees what it refuses.
import { z } from 'zod';
import type { SessionErrorCode } from '../../errors.js';
import { ERROR_CODES } from '../../http/errors.js';

/** 1-256 characters, no control characters (the core's userId rule). */
export const userId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^\P{Cc}+$/u, 'no control characters');
/** A session's public handle: 22 base64url characters. */
export const sessionId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'a session id');
/** A credential: bounded so a huge string is refused before any hashing or store call. */
export const token = z.string().min(1).max(512);
export const jsonObject = z.record(z.string(), z.unknown());

export const meta = z.object({
  ip: z.string().max(64).optional(),
  userAgent: z.string().max(512).optional(),
  label: z.string().max(128).optional(),
});

const codes = Object.keys(ERROR_CODES) as [SessionErrorCode, ...SessionErrorCode[]];
export const errorBody = z.object({
  error: z.object({ code: z.enum(codes), message: z.string() }),
});

export const session = z.object({
  id: z.string(),
  userId: z.string(),
  data: jsonObject,
  version: z.int(),
  createdAt: z.int().describe('ms since the epoch'),
  lastSeenAt: z.int(),
  idleExpiresAt: z.int(),
  absoluteExpiresAt: z.int(),
  authTime: z.int(),
  meta: meta.extend({
    device: z.string().optional().describe('made from the User-Agent at creation: "Chrome 156 on macOS"'),
  }),
});

export const device = z.object({
  id: z.string(),
  createdAt: z.int(),
  lastSeenAt: z.int(),
  idleExpiresAt: z.int().optional(),
  absoluteExpiresAt: z.int().optional(),
  ip: z.string().optional().describe('as the privacy setting keeps it: full, truncated, hmac:<kid>:…'),
  userAgent: z.string().optional(),
  device: z.string().optional().describe('made from the User-Agent at creation: "Chrome 156 on macOS"'),
  label: z.string().optional(),
  current: z.boolean(),
});

export const activityEntry = z.object({
  id: z.string().describe('the cursor: pass as `before` for older entries'),
  type: z.enum([
    'sign-in',
    'sign-out',
    'session-revoked',
    'session-expired',
    'refresh-reuse-detected',
    'step-up',
    'access-tokens-revoked',
    'new-device',
    'everything-ended',
  ]),
  at: z.int().describe('ms since the epoch'),
  actor: z.enum(['user', 'other-session', 'operator', 'session-limit', 'system']),
  actorSessionId: z.string().optional(),
  reason: z.string().optional(),
  sessionId: z.string().optional().describe('the public handle, never a token'),
  device: z.string().optional(),
  ip: z.string().optional(),
});

export const activityPage = z.object({
  entries: z.array(activityEntry).describe('newest first'),
  next: z.string().nullable().describe('pass as `before` for the next page; null at the end'),
});

export const tokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.enum(['Bearer', 'DPoP']),
  expiresIn: z.int().describe('seconds'),
  refreshExpiresAt: z.int().optional(),
});

export const revoked = z.object({ revoked: z.int() });
/** A DPoP proof a backend forwards with the method and URL its client signed (RFC 9449). */
export const dpopForward = z
  .object({
    proof: z.string().min(1).max(4096),
    method: z.string().min(1).max(16),
    url: z.string().max(2048),
  })
  .describe('The DPoP header your client sent you, with your endpoint method and URL');
export const tokenBody = z.object({ token, dpop: dpopForward.optional() });
export const refreshBody = z.object({ refreshToken: token, dpop: dpopForward.optional() });
