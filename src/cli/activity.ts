import { parseCommand, STORE_HELP, STORE_OPTIONS, UsageError } from './args.js';
import { openContext } from './context.js';

export const ACTIVITY_HELP = `Usage: coatcheck activity <userId> [--limit <n>] [--before <id>] [options]

  A user's security activity, newest first: time, what happened, who acted, session, device, IP.
  --limit <n>     entries to show, 1-100 (default 20)
  --before <id>   older entries than this one (the "next" of the previous page)
${STORE_HELP}

For an app's users behind a named service key, the stored user id is <app>:<userId>.
`;

/** `coatcheck activity <userId>`: read-only. */
export async function runActivity(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { ...STORE_OPTIONS, limit: { type: 'string' }, before: { type: 'string' } },
    ACTIVITY_HELP,
    { min: 0, max: 1 },
  );
  if (values.help) {
    process.stdout.write(ACTIVITY_HELP);
    return 0;
  }
  const [userId] = positionals;
  if (!userId) throw new UsageError('Say which user: coatcheck activity <userId>', ACTIVITY_HELP);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const cli = await openContext(values, { readOnly: true });
  try {
    const page = await cli.sessions.activity(userId, { limit, before: values.before });
    const lines = page.entries.map((e) =>
      [
        new Date(e.at).toISOString(),
        e.type.padEnd(22),
        (e.actorSessionId ? `${e.actor} ${e.actorSessionId}` : e.actor).padEnd(13),
        e.sessionId ?? '-',
        e.device ?? '-',
        e.ip ?? '-',
        e.reason ?? '',
      ]
        .join('  ')
        .trimEnd(),
    );
    if (page.next) lines.push(`older: coatcheck activity ${userId} --before ${page.next}`);
    cli.print(lines.length ? lines.join('\n') : `no activity for ${userId}`, page);
    return 0;
  } finally {
    await cli.store.close();
  }
}
