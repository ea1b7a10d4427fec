import { SessionError } from '../errors.js';

/**
 * Runs a dynamic import of code that needs optional peers (redis, the service stack). When it fails
 * because a package is not installed (`Cannot find package 'redis'`), fails with ERR_CONFIG_INVALID
 * and the exact `npm install` line instead of ERR_MODULE_NOT_FOUND. Any other failure is passed on.
 */
export async function importOptional<T>(purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing =
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND'
        ? /Cannot find package '([^']+)'/.exec((error as Error).message)?.[1]
        : undefined;
    if (!missing) throw error;
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      `${purpose} needs the ${missing} package, which coatcheck does not install: npm install ${missing}`,
      { cause: error },
    );
  }
}
