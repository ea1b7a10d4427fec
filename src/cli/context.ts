import { join } from 'node:path';
import { createSessionManager, type SessionManager } from '../core/manager.js';
import { loadSecrets } from '../server/secrets.js';
import { openStore } from '../server/stores.js';
import type { SessionStore } from '../stores/types.js';
import { createTokenService, type TokenService } from '../tokens/service.js';

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

/** Prints one line for people, or one JSON document with `--json`. */
export function printer(json: boolean | undefined): (human: string, data: unknown) => void {
  return (human, data) => void process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${human}\n`);
}

/** Opens the same store and secrets `coatcheck serve` would use with these flags and variables. */
export async function openContext(flags: StoreFlags): Promise<CliContext> {
  const env = process.env;
  const dataDir = flags['data-dir'] ?? env.COATCHECK_DATA_DIR ?? 'data';
  const secrets = loadSecrets({
    env,
    dataDir,
    production: env.NODE_ENV === 'production',
    say: (l) => void process.stderr.write(`${l}\n`),
  });
  const store = await openStore(
    flags.store ?? env.COATCHECK_STORE ?? `sqlite:${join(dataDir, 'sessions.db')}`,
  );
  const sessions = createSessionManager({ store, secrets: secrets.secrets });
  const tokens = createTokenService({ sessions, issuer: 'coatcheck-cli', audience: 'coatcheck' });
  return { store, dataDir, sessions, tokens, json: flags.json === true, print: printer(flags.json) };
}
