// The example's environment: COATCHECK_STORE, COATCHECK_SECRETS, AUTH_SECRET (Auth.js's own) and
// EXAMPLE_OUTBOX (where sign-in links are "mailed"). Read at the first request, never during `next build`.
import { Keyring, SessionError } from 'coatcheck';

export interface ExampleConfig {
  /** `sqlite:<path>` or `redis://host:port`. */
  store: string;
  secrets: string;
  outbox: string;
}

export function readConfig(env: Record<string, string | undefined> = process.env): ExampleConfig {
  const secrets = env.COATCHECK_SECRETS;
  if (!secrets)
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'COATCHECK_SECRETS is required (`coatcheck secret generate`)',
    );
  Keyring.fromString(secrets); // refuses malformed or weak secrets with a typed error
  if (!env.AUTH_SECRET || env.AUTH_SECRET.length < 32) {
    throw new SessionError('ERR_CONFIG_INVALID', 'AUTH_SECRET is required (32 characters or more)');
  }
  const outbox = env.EXAMPLE_OUTBOX;
  if (!outbox)
    throw new SessionError('ERR_CONFIG_INVALID', 'EXAMPLE_OUTBOX is required (a folder for sign-in links)');
  const store = env.COATCHECK_STORE || 'sqlite:./data/example-authjs.db';
  if (!store.startsWith('sqlite:') && !store.startsWith('redis://')) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'COATCHECK_STORE must be sqlite:<path> or redis://host:port',
    );
  }
  return { store, secrets, outbox };
}
