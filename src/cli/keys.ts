import { coreOf } from '../core/gateway.js';
import { parseCommand, STORE_HELP, STORE_OPTIONS, UsageError } from './args.js';
import { openContext } from './context.js';

export const KEYS_HELP = `Usage: coatcheck keys list [options]
       coatcheck keys rotate [--immediate] [options]
       coatcheck keys revoke <kid> [options]

  list                  keyring secret ids (newest first) and the signing keys published in JWKS
  rotate                publish the next signing key; it signs once every JWKS cache has seen it
  rotate --immediate    sign with the new key at once (after a key compromise)
  revoke <kid>          withdraw a (compromised) key at once: out of JWKS, its tokens refused
${STORE_HELP}
`;

/** `coatcheck keys list` (keyring ids and published signing keys), `keys rotate` and `keys revoke`. */
export async function runKeys(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { ...STORE_OPTIONS, immediate: { type: 'boolean' } },
    KEYS_HELP,
    { min: 0, max: 2 },
  );
  if (values.help) {
    process.stdout.write(KEYS_HELP);
    return 0;
  }
  const [sub, target] = positionals;
  const valid =
    (sub === 'list' && !values.immediate && target === undefined) ||
    (sub === 'rotate' && target === undefined) ||
    (sub === 'revoke' && !values.immediate && target !== undefined);
  if (!valid) throw new UsageError('Say list, rotate or revoke <kid>', KEYS_HELP);
  const cli = await openContext(values, { readOnly: sub === 'list' });
  try {
    if (sub === 'revoke') {
      const signing = await cli.tokens.revokeKey(target!);
      if (signing === null) {
        cli.print(`no signing key ${target} is published`, { revoked: null });
        return 1;
      }
      cli.print(`signing key ${target} withdrawn; ${signing} signs`, { revoked: target, signing });
      return 0;
    }
    if (sub === 'list') {
      // Read only: listing never creates, rotates or prunes a key under this process's defaults.
      const jwks = (await cli.tokens.publishedJwks()).body;
      const keyring = coreOf(cli.sessions).keyring?.kids ?? [];
      const signing = jwks.keys.map((k) => ({ kid: k.kid, alg: k.alg }));
      cli.print(
        `keyring secrets (newest first): ${keyring.join(', ')}\nsigning keys in JWKS: ${signing.map((k) => `${k.kid} (${k.alg})`).join(', ')}`,
        { keyring, signing },
      );
      return 0;
    }
    const immediate = values.immediate === true;
    const kid = await cli.tokens.rotateKeys({ immediate });
    cli.print(
      `next signing key ${kid} published${immediate ? ' and signing now' : '; it signs once every cache has seen it'}`,
      { kid },
    );
    return 0;
  } finally {
    await cli.store.close();
  }
}
