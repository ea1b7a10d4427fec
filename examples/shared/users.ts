// The example's users and the one check of their password. A real app checks its own user
// database (with a password hash); what matters here is what happens after the check.
import { timingSafeEqual } from 'node:crypto';
import type { SessionInfo } from 'coatcheck';
import { errorBody } from 'coatcheck/http';

export const USERS: readonly string[] = ['alice', 'bob', 'carol'];

/** The username if the body names a known user with the right password, else null. */
export function checkCredentials(body: unknown, password: string): string | null {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const username = typeof fields.username === 'string' ? fields.username : '';
  const presented = Buffer.from(typeof fields.password === 'string' ? fields.password : '');
  const expected = Buffer.from(password);
  // Constant time in the password; compared even for unknown users so timing does not tell them apart.
  const same = presented.length === expected.length && timingSafeEqual(presented, expected);
  return same && USERS.includes(username) ? username : null;
}

/** The device list the examples answer with: public handles and metadata, never a token. */
export function deviceList(sessions: readonly SessionInfo[]): { sessions: object[] } {
  return {
    sessions: sessions.map(({ id, createdAt, lastSeenAt, ip, userAgent, current }) => ({
      id,
      createdAt,
      lastSeenAt,
      ip,
      userAgent,
      current,
    })),
  };
}

export const BAD_CREDENTIALS = errorBody('ERR_BAD_CREDENTIALS', 'Wrong user or password');
