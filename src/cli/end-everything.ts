import { parseCommand, STORE_HELP, STORE_OPTIONS, UsageError } from './args.js';
import { openContext } from './context.js';

export const END_EVERYTHING_HELP = `Usage: coatcheck end-everything <userId> --reason <reason> [options]

  Ends every session, refresh-token family and access token of a user at once (a password
  change, an account disable), and records one activity entry with the reason.
  --reason <reason>  1-64 of a-z 0-9 . _ : -  (e.g. password-changed, account-disabled)
${STORE_HELP}

Access tokens are refused by verifiers that check the per-user not-before time.
For an app's users behind a named service key, the stored user id is <app>:<userId>.
`;

/** `coatcheck end-everything <userId> --reason <reason>`. */
export async function runEndEverything(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { ...STORE_OPTIONS, reason: { type: 'string' } },
    END_EVERYTHING_HELP,
    { min: 0, max: 1 },
  );
  if (values.help) {
    process.stdout.write(END_EVERYTHING_HELP);
    return 0;
  }
  const [userId] = positionals;
  if (!userId || !values.reason) {
    throw new UsageError(
      'Say the user and why: end-everything <userId> --reason <reason>',
      END_EVERYTHING_HELP,
    );
  }
  const cli = await openContext(values);
  try {
    const ended = await cli.sessions.endEverything(userId, values.reason, { actor: 'operator' });
    cli.print(`ended ${ended.sessions} session(s) and every access token of ${userId}`, ended);
    return 0;
  } finally {
    await cli.store.close();
  }
}
