/** Methods that never change state and carry no CSRF header. */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True for methods that need the CSRF header (POST, PUT, PATCH, DELETE and any other). */
export function isUnsafe(method: string): boolean {
  return !SAFE.has(method.toUpperCase());
}

/** The CSRF token a server rendered into `<meta name="…" content="…">`, or null. */
export function csrfFromMeta(name: string): string | null {
  if (typeof document === 'undefined') return null;
  const meta = document.querySelector(`meta[name="${CSS.escape(name)}"]`);
  return meta?.getAttribute('content') || null;
}

/** The method of a fetch call, as fetch itself would resolve it. */
export function methodOf(input: RequestInfo | URL, init?: RequestInit): string {
  return (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
}
