import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionError } from '../errors.js';
import { Keyring } from '../keys/keyring.js';
import { randomToken } from '../lib/random.js';
import { generateServiceKey, parseServiceKeys, serviceKeySecret } from './service-keys.js';

/** The service's secrets: keyring secrets, service API keys, the demo password. */
export interface ServiceSecrets {
  secrets: string;
  serviceKeys: string[];
  demoPassword: string;
}

interface Sources {
  env: Record<string, string | undefined>;
  dataDir: string;
  production: boolean;
  /** With the demo on, production also needs COATCHECK_DEMO_PASSWORD (12+ characters). */
  demo?: boolean;
  say(line: string): void;
}

/**
 * Development: whatever is missing is generated once, kept in `<dataDir>/secrets.json` (mode 0600)
 * and announced loudly. Production: missing or weak secrets stop the start with a clear message.
 */
export function loadSecrets({ env, dataDir, production, demo = false, say }: Sources): ServiceSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceSecrets>) : {};
  const fromEnv = {
    secrets: env.COATCHECK_SECRETS,
    serviceKeys: env.COATCHECK_SERVICE_KEYS?.split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    demoPassword: env.COATCHECK_DEMO_PASSWORD,
  };
  if (production) {
    if (!fromEnv.secrets)
      throw new SessionError(
        'ERR_CONFIG_WEAK',
        'COATCHECK_SECRETS is required in production (coatcheck secret generate)',
      );
    if (!fromEnv.serviceKeys?.length)
      throw new SessionError('ERR_CONFIG_WEAK', 'COATCHECK_SERVICE_KEYS is required in production');
    if (fromEnv.serviceKeys.some((k) => serviceKeySecret(k).length < 32))
      throw new SessionError('ERR_CONFIG_WEAK', 'Service keys need at least 32 characters');
    if (demo && (fromEnv.demoPassword ?? '').length < 12)
      throw new SessionError(
        'ERR_CONFIG_WEAK',
        'The demo in production needs COATCHECK_DEMO_PASSWORD of at least 12 characters',
      );
    Keyring.fromString(fromEnv.secrets);
    parseServiceKeys(fromEnv.serviceKeys);
    return {
      secrets: fromEnv.secrets,
      serviceKeys: fromEnv.serviceKeys,
      demoPassword: fromEnv.demoPassword ?? randomToken(12),
    };
  }
  // The names of the secrets made here, for the line that says where they were written.
  const generated: string[] = [];
  const generate = <T>(name: string, make: () => T): T => {
    generated.push(name);
    return make();
  };
  const result: ServiceSecrets = {
    secrets:
      fromEnv.secrets ?? stored.secrets ?? generate('COATCHECK_SECRETS', () => Keyring.generateSecret('k1')),
    serviceKeys:
      fromEnv.serviceKeys ??
      stored.serviceKeys ??
      generate('COATCHECK_SERVICE_KEYS', () => [generateServiceKey()]),
    demoPassword:
      fromEnv.demoPassword ??
      stored.demoPassword ??
      generate('COATCHECK_DEMO_PASSWORD', () => randomToken(9)),
  };
  Keyring.fromString(result.secrets);
  if (generated.length > 0) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...stored, ...pick(result, fromEnv) }, null, 2)}\n`, {
      mode: 0o600,
    });
    chmodSync(file, 0o600);
    say(
      `!! DEVELOPMENT: generated ${generated.join(', ')} and kept them in ${file} (mode 0600); the service key is there.`,
    );
    say(
      '!! Set them through the environment in production; NODE_ENV=production refuses to start without them.',
    );
  }
  if (demo && !fromEnv.demoPassword) say(`Demo users alice, bob and carol; password: ${result.demoPassword}`);
  return result;
}

// Only what did not come from the environment is written to the file.
function pick(
  result: ServiceSecrets,
  fromEnv: Partial<Record<keyof ServiceSecrets, unknown>>,
): Partial<ServiceSecrets> {
  const out: Partial<ServiceSecrets> = {};
  if (!fromEnv.secrets) out.secrets = result.secrets;
  if (!fromEnv.serviceKeys) out.serviceKeys = result.serviceKeys;
  if (!fromEnv.demoPassword) out.demoPassword = result.demoPassword;
  return out;
}
