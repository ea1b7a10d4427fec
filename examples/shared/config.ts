// The environment contract every example server shares (README.md of each example):
// PORT, HOST, COATCHECK_STORE, COATCHECK_SECRETS, EXAMPLE_PASSWORD, COATCHECK_ORIGINS.
import { Keyring, SessionError } from 'coatcheck';

export interface ExampleConfig {
  host: string;
  /** 0 asks the system for any free port. */
  port: number;
  /** `sqlite:<path>` or `redis://host:port`. */
  store: string;
  /** The keyring, `k2:…,k1:…`: the same value as the coatcheck service's, so both read the same sessions. */
  secrets: string;
  /** The one password of the example's users. */
  password: string;
  /** Explicit trusted origins; when absent, the server's own localhost and 127.0.0.1 origins. */
  origins: string[] | null;
}

// The same rule as `coatcheck serve`: session cookies never cross a network in plain HTTP by accident.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const list = (value: string | undefined): string[] | null => {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items?.length ? items : null;
};

/**
 * Reads and checks the environment. Anything missing or malformed is a SessionError with
 * ERR_CONFIG_INVALID whose message names the variable (never its value).
 */
export function readConfig(
  env: Record<string, string | undefined>,
  defaults: { name: string; port: number },
): ExampleConfig {
  const port = env.PORT === undefined || env.PORT === '' ? defaults.port : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SessionError('ERR_CONFIG_INVALID', 'PORT must be a port number (0 for any free port)');
  }
  const secrets = env.COATCHECK_SECRETS;
  if (!secrets) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'COATCHECK_SECRETS is required (the keyring the coatcheck service uses; `coatcheck secret generate`)',
    );
  }
  Keyring.fromString(secrets); // Refuses malformed or weak secrets with a typed error.
  const password = env.EXAMPLE_PASSWORD;
  if (!password) throw new SessionError('ERR_CONFIG_INVALID', 'EXAMPLE_PASSWORD is required');
  const store = env.COATCHECK_STORE || `sqlite:./data/example-${defaults.name}.db`;
  if (!store.startsWith('sqlite:') && !store.startsWith('redis://')) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'COATCHECK_STORE must be sqlite:<path> or redis://host:port',
    );
  }
  const host = env.HOST || '127.0.0.1';
  if (!LOOPBACK.has(host) && env.COATCHECK_ALLOW_PLAIN_HTTP !== '1') {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'Plain HTTP outside loopback: put TLS in front and set COATCHECK_ALLOW_PLAIN_HTTP=1',
    );
  }
  return {
    host,
    port,
    store,
    secrets,
    password,
    origins: list(env.COATCHECK_ORIGINS),
  };
}

/** The origins whose unsafe requests are trusted: configured ones, or the server's own. */
export function trustedOrigins(config: ExampleConfig, port: number): string[] {
  return config.origins ?? [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}
