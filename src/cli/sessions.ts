import { parseCommand, STORE_HELP, STORE_OPTIONS, UsageError } from './args.js';
import { openContext } from './context.js';

export const SESSIONS_HELP = `Usage: coatcheck sessions list <userId> [options]
       coatcheck sessions revoke <sessionId> [options]
       coatcheck sessions revoke --user <userId> [options]

  list <userId>           a user's live sessions (devices): id, created, last seen, IP, user agent
  revoke <sessionId>      end one session (exit 1 if there is no such live session)
  revoke --user <userId>  end every session of a user, in one atomic store call
${STORE_HELP}

For an app's users behind a named service key, the stored user id is <app>:<userId>.
`;

/** `coatcheck sessions list <userId>` and `coatcheck sessions revoke <id> | --user <userId>`. */
export async function runSessions(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { ...STORE_OPTIONS, user: { type: 'string' } },
    SESSIONS_HELP,
    { min: 0, max: 2 },
  );
  if (values.help) {
    process.stdout.write(SESSIONS_HELP);
    return 0;
  }
  const [sub, target] = positionals;
  const valid =
    (sub === 'list' && target && !values.user) ||
    (sub === 'revoke' && (target ? !values.user : Boolean(values.user)));
  if (!valid)
    throw new UsageError('Say list <userId>, revoke <sessionId> or revoke --user <userId>', SESSIONS_HELP);
  const cli = await openContext(values, { readOnly: sub === 'list' });
  try {
    if (sub === 'list') {
      const list = await cli.sessions.list(target!);
      const lines = list.map(
        (s) =>
          `${s.id}  created ${new Date(s.createdAt).toISOString()}  last seen ${new Date(s.lastSeenAt).toISOString()}  ${s.ip ?? '-'}  ${s.device ?? s.userAgent ?? '-'}`,
      );
      cli.print(lines.length ? lines.join('\n') : `no sessions for ${target}`, { sessions: list });
      return 0;
    }
    if (values.user) {
      const revoked = await cli.sessions.revokeAll(values.user, { reason: 'admin' });
      cli.print(`revoked ${revoked} session(s) of ${values.user}`, { revoked });
      return 0;
    }
    const ok = await cli.sessions.revoke(target!, { reason: 'admin' });
    cli.print(ok ? `revoked ${target}` : `no live session ${target}`, { revoked: ok ? 1 : 0 });
    return ok ? 0 : 1;
  } finally {
    await cli.store.close();
  }
}
