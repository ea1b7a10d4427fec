import { flag, openContext } from './context.js';

/** `coatcheck sessions list <userId>` and `coatcheck sessions revoke <id> | --user <userId>`. */
export async function runSessions(args: string[]): Promise<number> {
  const [sub, target] = args;
  const cli = await openContext(args);
  try {
    if (sub === 'list' && target && !target.startsWith('--')) {
      const list = await cli.sessions.list(target);
      const lines = list.map(
        (s) =>
          `${s.id}  created ${new Date(s.createdAt).toISOString()}  last seen ${new Date(s.lastSeenAt).toISOString()}  ${s.ip ?? '-'}  ${s.userAgent ?? '-'}`,
      );
      cli.print(lines.length ? lines.join('\n') : `no sessions for ${target}`, { sessions: list });
      return 0;
    }
    if (sub === 'revoke') {
      const user = flag(args, '--user');
      if (user) {
        const revoked = await cli.sessions.revokeAll(user, { reason: 'admin' });
        cli.print(`revoked ${revoked} session(s) of ${user}`, { revoked });
        return 0;
      }
      if (target && !target.startsWith('--')) {
        const ok = await cli.sessions.revoke(target, { reason: 'admin' });
        cli.print(ok ? `revoked ${target}` : `no live session ${target}`, { revoked: ok ? 1 : 0 });
        return ok ? 0 : 1;
      }
    }
    process.stderr.write(
      'usage: coatcheck sessions list <userId> | sessions revoke <id> | sessions revoke --user <userId> [--json]\n',
    );
    return 2;
  } finally {
    await cli.store.close();
  }
}
