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

export function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * Opens the same store and secrets `coatcheck serve` would use with these flags and variables;
 * `storeFlag` names the flag that picks the store (`--to` for migrations).
 */
export async function openContext(args: string[], storeFlag = '--store'): Promise<CliContext> {
  const env = process.env;
  const dataDir = flag(args, '--data-dir') ?? env.COATCHECK_DATA_DIR ?? 'data';
  const secrets = loadSecrets({
    env,
    dataDir,
    production: env.NODE_ENV === 'production',
    say: (l) => void process.stderr.write(`${l}\n`),
  });
  const store = await openStore(
    flag(args, storeFlag) ?? env.COATCHECK_STORE ?? `sqlite:${join(dataDir, 'sessions.db')}`,
  );
  const sessions = createSessionManager({ store, secrets: secrets.secrets });
  const tokens = createTokenService({ sessions, issuer: 'coatcheck-cli', audience: 'coatcheck' });
  const json = args.includes('--json');
  return {
    store,
    dataDir,
    sessions,
    tokens,
    json,
    print: (human, data) => void process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${human}\n`),
  };
}
