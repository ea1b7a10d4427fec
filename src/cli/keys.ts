import { openContext } from './context.js';

/** `coatcheck keys list` (keyring ids and published signing keys) and `coatcheck keys rotate`. */
export async function runKeys(args: string[]): Promise<number> {
  const [sub] = args;
  const cli = await openContext(args);
  try {
    if (sub === 'list') {
      const jwks = (await cli.tokens.jwks()).body;
      const keyring = cli.sessions.options.keyring?.kids ?? [];
      const signing = jwks.keys.map((k) => ({ kid: k.kid, alg: k.alg }));
      cli.print(
        `keyring secrets (newest first): ${keyring.join(', ')}\nsigning keys in JWKS: ${signing.map((k) => `${k.kid} (${k.alg})`).join(', ')}`,
        { keyring, signing },
      );
      return 0;
    }
    if (sub === 'rotate') {
      const kid = await cli.tokens.rotateKeys({ immediate: args.includes('--immediate') });
      cli.print(
        `next signing key ${kid} published${args.includes('--immediate') ? ' and signing now' : '; it signs once every cache has seen it'}`,
        { kid },
      );
      return 0;
    }
    process.stderr.write('usage: coatcheck keys list | keys rotate [--immediate] [--json]\n');
    return 2;
  } finally {
    await cli.store.close();
  }
}
