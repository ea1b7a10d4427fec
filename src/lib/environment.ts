/**
 * The one place coatcheck reads `NODE_ENV`: production refuses weak configuration (plain-HTTP
 * cookies, the memory store, missing secrets in the service). Reads `process.env` unless given an
 * environment, and works where there is no `process` (edge runtimes): not production.
 */
export function isProduction(env: Record<string, string | undefined> | undefined = processEnv()): boolean {
  return env?.NODE_ENV === 'production';
}

function processEnv(): Record<string, string | undefined> | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
}
