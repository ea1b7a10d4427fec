// The example's users and the one check of their password. A real app checks its own user
// database (with a password hash); what matters here is what happens after the check.
import { timingSafeEqual } from 'node:crypto';

export const USERS: readonly string[] = ['alice', 'bob', 'carol'];

/** The username if the form names a known user with the right password, else null. */
export function checkCredentials(form: FormData, password: string): string | null {
  const username = String(form.get('username') ?? '');
  const presented = Buffer.from(String(form.get('password') ?? ''));
  const expected = Buffer.from(password);
  // Constant time in the password, and checked for unknown users too, so timing tells nothing.
  const same = presented.length === expected.length && timingSafeEqual(presented, expected);
  return same && USERS.includes(username) ? username : null;
}
