import { SessionError } from '../errors.js';

/** The packages `coatcheck serve` runs on; a library-only install does not bring them. */
export const SERVICE_PACKAGES = ['hono', '@hono/node-server', 'zod', 'pino', 'prom-client'] as const;

/** The packages of `names` that cannot be found from here. */
function missingPackages(names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      import.meta.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * Fails with the exact `npm install` line when an optional peer that `what` needs is missing, so
 * a library-only install learns what to add instead of meeting ERR_MODULE_NOT_FOUND.
 */
export function requirePackages(what: string, names: readonly string[]): void {
  const missing = missingPackages(names);
  if (missing.length === 0) return;
  throw new SessionError(
    'ERR_CONFIG_INVALID',
    `${what} needs ${missing.join(', ')}, which the coatcheck library does not install: npm install ${missing.join(' ')}`,
  );
}
