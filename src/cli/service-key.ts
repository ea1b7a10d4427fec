import { generateServiceKey } from '../server/service-keys.js';
import { parseCommand, UsageError } from './args.js';
import { printer } from './print.js';

export const SERVICE_KEY_HELP = `Usage: coatcheck service-key generate [--app <name>] [--json]

Prints a new service key for COATCHECK_SERVICE_KEYS: ck_ and 256 random bits (base64url).
With --app, the entry for one app: <name>=ck_… (names are 1-32 of [a-z0-9-], starting with a
letter). Keep it secret: give it to the backend through its environment. Nothing is written.

  --app <name>  an app's key instead of an operator key
  --json        {"serviceKey": "…", "entry": "…"}
  -h, --help    this help
`;

/** `coatcheck service-key generate [--app billing]`. */
export async function runServiceKey(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { app: { type: 'string' }, json: { type: 'boolean' } },
    SERVICE_KEY_HELP,
    { min: 0, max: 1 },
  );
  if (values.help) {
    process.stdout.write(SERVICE_KEY_HELP);
    return 0;
  }
  if (positionals[0] !== 'generate') throw new UsageError('Say service-key generate', SERVICE_KEY_HELP);
  if (values.app !== undefined && !/^[a-z][a-z0-9-]{0,31}$/.test(values.app))
    throw new UsageError('--app takes 1-32 of [a-z0-9-], starting with a letter', SERVICE_KEY_HELP);
  const serviceKey = generateServiceKey();
  const entry = values.app ? `${values.app}=${serviceKey}` : serviceKey;
  printer(values.json)(entry, { serviceKey, entry });
  return 0;
}
