import { createServiceApp } from '../../src/server/app.js';
import { createTokenService } from '../../src/tokens/index.js';
import { setup } from '../helpers/manager.js';

/** One HTTP endpoint: its method and its path template with `{param}` placeholders. */
export interface Route {
  method: string;
  path: string;
}

/**
 * Every endpoint, derived rather than listed, so that it stays complete as routes are added: the
 * OpenAPI document the running service publishes, plus every route the app (with the demo)
 * registers, read from an in-process instance.
 */
export async function allRoutes(serviceUrl: string): Promise<Route[]> {
  const doc = (await (await fetch(`${serviceUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes = new Map<string, Route>();
  const add = (method: string, path: string) => routes.set(`${method} ${path}`, { method, path });
  for (const [path, operations] of Object.entries(doc.paths))
    for (const method of Object.keys(operations)) add(method.toUpperCase(), path);
  for (const r of registeredRoutes()) add(r.method, r.path.replace(/:(\w+)/g, '{$1}'));
  return [...routes.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

function registeredRoutes(): Route[] {
  const { manager } = setup();
  const tokens = createTokenService({ sessions: manager, issuer: 'http://svc.test', audience: 'coatcheck' });
  const app = createServiceApp({
    sessions: manager,
    tokens,
    serviceKeys: [`ck_${'r'.repeat(40)}`],
    demo: { password: 'unused-in-route-listing', origins: ['http://svc.test'] },
  });
  // Middleware registrations are method ALL on wildcard paths; endpoints are the rest.
  return app.routes.filter((r) => r.method !== 'ALL' && !r.path.includes('*'));
}
