import type { Session } from '../../core/session.js';
import type { SessionErrorCode } from '../../errors.js';
import type { SessionActions } from '../../http/actions.js';

/**
 * Why a Next.js helper refused: the shared status table's answer, with a stable code.
 *
 * @example
 * ```ts
 * import type { NextSessionFailure } from 'coatcheck/adapters/next';
 * import { errorBody } from 'coatcheck/http';
 * const toResponse = (f: NextSessionFailure) => Response.json(errorBody(f.code, f.message), { status: f.status });
 * ```
 */
export interface NextSessionFailure {
  ok: false;
  /** 401 no or invalid session, 403 cross-origin, 431 oversized Cookie header, 503 store down. */
  status: 401 | 403 | 431 | 503;
  code: SessionErrorCode;
  message: string;
}

/**
 * A Server Component's view: the session (read only) and the CSRF token for its forms.
 *
 * @example
 * ```ts
 * import type { NextReadResult } from 'coatcheck/adapters/next';
 * const result: NextReadResult = await auth.session();
 * if (!result.ok) redirect('/sign-in');
 * ```
 */
export type NextReadResult = { ok: true; session: Session; csrfToken: string } | NextSessionFailure;

/**
 * A Server Action's or Route Handler's view: the session (null only with `allowAnonymous`) and
 * the shared {@link SessionActions} (login, logout, list, revoke, …) that write the cookies.
 *
 * @example
 * ```ts
 * import type { NextActionResult } from 'coatcheck/adapters/next';
 * const result: NextActionResult = await auth.action({ formData });
 * if (result.ok) await result.actions.logout();
 * ```
 */
export type NextActionResult =
  | { ok: true; session: Session | null; actions: SessionActions }
  | NextSessionFailure;

export const NO_SESSION: NextSessionFailure = {
  ok: false,
  status: 401,
  code: 'ERR_NO_SESSION',
  message: 'Sign in first',
};

/** A form's fields as a record (the first value of each name), for the `_csrf` lookup. */
export function formRecord(form: FormData): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  form.forEach((value, name) => {
    if (!(name in record)) record[name] = value;
  });
  return record;
}
