// Checks the environment when the server starts, so a missing secret stops it with one clear line
// instead of failing the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/check-env');
}
