import { SessionError } from '../errors.js';

/**
 * Runs a dynamic import of code that needs the optional peer `pkg`; when `pkg` is not installed,
 * fails with ERR_CONFIG_INVALID naming the exact `npm install` line instead of ERR_MODULE_NOT_FOUND.
 * Any other failure is passed on unchanged.
 */
export async function importOptional<T>(pkg: string, purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing =
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' &&
      (error as Error).message.includes(`'${pkg}'`);
    if (!missing) throw error;
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      `${purpose} needs the ${pkg} package, which coatcheck does not install: npm install ${pkg}`,
      { cause: error },
    );
  }
}
