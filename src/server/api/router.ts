import type { ApiRoute } from './route.js';

/** A matched route and its path parameters (percent-decoded where they decode). */
export interface Match {
  route: ApiRoute;
  params: Record<string, string>;
}

interface Pattern {
  route: ApiRoute;
  segments: readonly string[];
}

function decoded(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape is left as sent; the parameter's schema judges it
  }
}

/**
 * The lookup from method and path to a route: static paths in one map, paths with `:params`
 * compared segment by segment (the table is small). HEAD is answered as GET.
 */
export function createRouter(routes: readonly ApiRoute[]): (method: string, path: string) => Match | null {
  const statics = new Map<string, ApiRoute>();
  const patterns = new Map<string, Pattern[]>();
  for (const route of routes) {
    const method = route.method.toUpperCase();
    if (!route.path.includes(':')) statics.set(`${method} ${route.path}`, route);
    else {
      const list = patterns.get(method) ?? [];
      list.push({ route, segments: route.path.split('/') });
      patterns.set(method, list);
    }
  }
  return function match(method, path) {
    const verb = method === 'HEAD' ? 'GET' : method;
    const fixed = statics.get(`${verb} ${path}`);
    if (fixed) return { route: fixed, params: {} };
    const candidates = patterns.get(verb);
    if (!candidates) return null;
    const parts = path.split('/');
    for (const { route, segments } of candidates) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; ok && i < segments.length; i++) {
        const want = segments[i]!;
        const got = parts[i]!;
        if (want.startsWith(':')) {
          if (got === '') ok = false;
          else params[want.slice(1)] = decoded(got);
        } else ok = want === got;
      }
      if (ok) return { route, params };
    }
    return null;
  };
}
