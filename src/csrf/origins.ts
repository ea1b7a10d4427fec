import { SessionError } from '../errors.js';

/**
 * Normalises configured origins to their serialised form (`https://app.example`, default ports
 * dropped), so the request's `Origin` can be compared by exact string equality.
 */
export function normalizeOrigins(origins: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new SessionError('ERR_CONFIG_INVALID', `Trusted origin "${origin.slice(0, 100)}" is not a URL`);
    }
    if (!/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/$/, '').toLowerCase()) {
      const hint = url.origin === 'null' ? origin.slice(0, 100) : url.origin;
      throw new SessionError('ERR_CONFIG_INVALID', `Trusted origins must be bare origins like "${hint}"`);
    }
    out.add(url.origin);
  }
  return out;
}
