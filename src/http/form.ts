const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * True when a Content-Type names an HTML form body (urlencoded or multipart), parameters and case
 * aside: the one rule for "may this body carry a `_csrf` field" and "did a form post this".
 *
 * @example
 * ```ts
 * import { isFormContentType } from 'coatcheck/http';
 * isFormContentType('multipart/form-data; boundary=x'); // true
 * ```
 */
export function isFormContentType(contentType: string | null | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return FORM_TYPES.has(type);
}
