import { Keyring } from '../keys/keyring.js';
import { parseCommand, UsageError } from './args.js';
import { printer } from './print.js';

export const SECRET_HELP = `Usage: coatcheck secret generate [--kid <id>] [--json]

Prints a new secret for COATCHECK_SECRETS: <kid>:<256 random bits, base64url>. Put the newest
first when rotating: COATCHECK_SECRETS="k2:…,k1:…".

  --kid <id>   key id, 1-16 of [A-Za-z0-9_-] (default k1)
  --json       {"secret": "…"}
  -h, --help   this help
`;

/** `coatcheck secret generate [--kid k2]`. */
export async function runSecretGenerate(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { kid: { type: 'string' }, json: { type: 'boolean' } },
    SECRET_HELP,
    { min: 0, max: 1 },
  );
  if (values.help) {
    process.stdout.write(SECRET_HELP);
    return 0;
  }
  const kid = values.kid ?? 'k1';
  if (positionals[0] !== 'generate') throw new UsageError('Say secret generate', SECRET_HELP);
  if (!/^[A-Za-z0-9_-]{1,16}$/.test(kid))
    throw new UsageError('--kid takes 1-16 characters of [A-Za-z0-9_-]', SECRET_HELP);
  const secret = Keyring.generateSecret(kid);
  printer(values.json)(secret, { secret });
  return 0;
}
