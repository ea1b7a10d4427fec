import { Keyring } from '../keys/keyring.js';

/** `coatcheck secret generate [--kid k2]`: prints `kid:<256 random bits, base64url>`. */
export async function runSecretGenerate(args: string[]): Promise<number> {
  const kidIndex = args.indexOf('--kid');
  const kid = kidIndex >= 0 ? args[kidIndex + 1] : 'k1';
  if (!kid || !/^[A-Za-z0-9_-]{1,16}$/.test(kid)) {
    process.stderr.write('coatcheck: --kid takes 1-16 characters of [A-Za-z0-9_-]\n');
    return 2;
  }
  process.stdout.write(`${Keyring.generateSecret(kid)}\n`);
  return 0;
}
