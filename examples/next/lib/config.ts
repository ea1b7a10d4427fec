// The example's environment: PORT, COATCHECK_STORE, COATCHECK_SECRETS, EXAMPLE_PASSWORD,
// COATCHECK_ORIGINS. Read once per process, at the first request (never during `next build`).
import { Keyring, SessionError } from 'coatcheck';

export interface ExampleConfig {
  /** `sqlite:<path>` or `redis://host:port`. */
  store: string;
  secrets: string;
  password: string;
  /** Exact origins trusted for unsafe requests that carry no `Sec-Fetch-Site`. */
  origins: string[];
}

/** Reads and checks the environment; a missing or weak value is a SessionError naming the variable. */
export function readConfig(env: Record<string, string | undefined> = process.env): ExampleConfig {
  const secrets = env.COATCHECK_SECRETS;
  if (!secrets) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'COATCHECK_SECRETS is required (`coatcheck secret generate`)',
    );
  }
  Keyring.fromString(secrets); // Refuses malformed or weak secrets with a typed error.
  const password = env.EXAMPLE_PASSWORD;
  if (!password) throw new SessionError('ERR_CONFIG_INVALID', 'EXAMPLE_PASSWORD is required');
  const store = env.COATCHECK_STORE || 'sqlite:./data/example-next.db';
  if (!store.startsWith('sqlite:') && !store.startsWith('redis://')) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'COATCHECK_STORE must be sqlite:<path> or redis://host:port',
    );
  }
  const port = env.PORT || '3000';
  const listed = (env.COATCHECK_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const origins = listed.length ? listed : [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  return { store, secrets, password, origins };
}
