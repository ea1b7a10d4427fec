import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSessionManager, type SessionManager } from '../core/manager.js';
import { SessionError } from '../errors.js';
import { isProduction } from '../lib/environment.js';
import { loadSecrets } from '../server/secrets.js';
import { openStore } from '../server/stores.js';
import type { SessionStore } from '../stores/types.js';
import { createTokenService, type TokenService } from '../tokens/service.js';
import { printer } from './print.js';

/** The flags every store-backed command shares: `--store`, `--data-dir`, `--json`. */
export interface CliContext {
  store: SessionStore;
  dataDir: string;
  sessions: SessionManager;
  tokens: TokenService;
  json: boolean;
  print(human: string, data: unknown): void;
}

export interface StoreFlags {
  store?: string | undefined;
  'data-dir'?: string | undefined;
  json?: boolean | undefined;
}

/** Where a command's store and secrets come from, before anything is opened. */
export interface StoreSettings {
  dataDir: string;
  storeUrl: string;
  /** COATCHECK_SECRETS, else the development file `coatcheck serve` keeps; undefined when neither. */
  secrets: string | undefined;
  secretsFrom: 'COATCHECK_SECRETS' | 'secrets.json' | null;
}

/** Reads the flags and environment, and the development secrets file if there is one; writes nothing. */
export function storeSettings(flags: StoreFlags, env = process.env): StoreSettings {
  const dataDir = flags['data-dir'] ?? env.COATCHECK_DATA_DIR ?? 'data';
  const storeUrl = flags.store ?? env.COATCHECK_STORE ?? `sqlite:${join(dataDir, 'sessions.db')}`;
  if (env.COATCHECK_SECRETS)
    return { dataDir, storeUrl, secrets: env.COATCHECK_SECRETS, secretsFrom: 'COATCHECK_SECRETS' };
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { secrets?: string }).secrets
    : undefined;
  return { dataDir, storeUrl, secrets: stored, secretsFrom: stored ? 'secrets.json' : null };
}

/**
 * Opens the same store and secrets `coatcheck serve` would use with these flags and variables.
 * A read-only command (`sessions list`, `keys list`, `doctor`) creates no file: it needs the secrets
 * in COATCHECK_SECRETS (or the service's development file) and an existing SQLite file.
 */
export async function openContext(flags: StoreFlags, { readOnly = false } = {}): Promise<CliContext> {
  const env = process.env;
  const settings = storeSettings(flags, env);
  let secrets = settings.secrets;
  if (readOnly) {
    if (!secrets)
      throw new SessionError(
        'ERR_CONFIG_INVALID',
        `COATCHECK_SECRETS is not set and there is no ${join(settings.dataDir, 'secrets.json')}: run with the app's COATCHECK_SECRETS`,
      );
    assertStoreExists(settings.storeUrl);
  } else {
    const say = (l: string): void => void process.stderr.write(`${l}\n`);
    const production = isProduction(env);
    secrets = loadSecrets({ env, dataDir: settings.dataDir, production, say }).secrets;
  }
  const store = await openStore(settings.storeUrl);
  const sessions = createSessionManager({ store, secrets });
  // The CLI issues no tokens: it maintains the keyset under the policy the keyset document stores.
  const tokens = createTokenService({
    sessions,
    issuer: 'coatcheck-cli',
    audience: 'coatcheck',
    followKeysetPolicy: true,
  });
  const json = flags.json === true;
  return { store, dataDir: settings.dataDir, sessions, tokens, json, print: printer(flags.json) };
}

/** Opening a SQLite path that does not exist would create it: a read-only command refuses instead. */
export function assertStoreExists(storeUrl: string): void {
  if (!storeUrl.startsWith('sqlite:')) return;
  const path = storeUrl.slice('sqlite:'.length);
  if (!existsSync(path))
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      `No SQLite store at ${path}: pass --store or set COATCHECK_STORE to the app's store`,
    );
}
