// A Sentinel group set up as a managed one is: sentinels that want a password of their own
// (`requirepass`), data nodes that want another (the `default` user, which the sentinels and the
// replica use) and an ACL user for the application. Started once per test file, in parallel where
// the order allows, with readiness checks (an `-NOAUTH` answer is a server that is up).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cli,
  command,
  field,
  freePort,
  type RedisFleet,
  type RedisProcess,
  waitFor,
} from './redis-servers.js';

export interface SecuredSentinel {
  name: string;
  sentinels: { host: string; port: number }[];
  primary: RedisProcess;
}

const up = async (port: number) => /^(\+PONG|-NOAUTH)/.test(await command(port, 'PING'));

/** One command through redis-cli as `user` (or the default user) with `password`; reply lines. */
export function authed(port: number, password: string, args: string[], user?: string): Promise<string[]> {
  return cli(port, ...(user ? ['--user', user] : []), '--pass', password, '--no-auth-warning', ...args);
}

async function start(fleet: RedisFleet, args: string[], port: number): Promise<RedisProcess> {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const proc = { port, process: child };
  fleet.processes.push(proc);
  await waitFor(() => up(port), `redis on ${port}`);
  return proc;
}

async function dataNode(
  fleet: RedisFleet,
  adminPassword: string,
  extra: string[] = [],
): Promise<RedisProcess> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const auth = ['--requirepass', adminPassword, '--masterauth', adminPassword];
  return start(
    fleet,
    [...args, '--dir', fleet.dir, '--dbfilename', `dump-${port}.rdb`, ...auth, ...extra],
    port,
  );
}

async function sentinel(
  fleet: RedisFleet,
  name: string,
  primaryPort: number,
  passwords: { admin: string; sentinel: string },
): Promise<RedisProcess> {
  const port = await freePort();
  const conf = join(fleet.dir, `sentinel-${port}.conf`);
  const lines = [`port ${port}`, 'bind 127.0.0.1', `dir ${fleet.dir}`, `requirepass ${passwords.sentinel}`];
  lines.push(
    `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
    `sentinel auth-pass ${name} ${passwords.admin}`,
  );
  lines.push(`sentinel down-after-milliseconds ${name} 1000`, `sentinel failover-timeout ${name} 4000`);
  writeFileSync(conf, `${lines.join('\n')}\n`, { mode: 0o600 });
  return start(fleet, [conf, '--sentinel'], port);
}

/** A primary and a replica behind two password-protected sentinels that have found each other. */
export async function securedSentinelGroup(
  fleet: RedisFleet,
  passwords: { admin: string; sentinel: string },
  name = 'secured',
): Promise<SecuredSentinel> {
  const primary = await dataNode(fleet, passwords.admin);
  const replica = await dataNode(fleet, passwords.admin, ['--replicaof', '127.0.0.1', String(primary.port)]);
  const sentinels = await Promise.all([0, 1].map(() => sentinel(fleet, name, primary.port, passwords)));
  await waitFor(
    async () =>
      (await authed(replica.port, passwords.admin, ['INFO', 'replication'])).some((l) =>
        l.startsWith('master_link_status:up'),
      ),
    'replica link',
  );
  for (const s of sentinels) {
    await waitFor(async () => {
      const info = await authed(s.port, passwords.sentinel, ['SENTINEL', 'MASTER', name]);
      return field(info, 'num-slaves') === '1' && field(info, 'num-other-sentinels') === '1';
    }, 'password-protected sentinel discovery');
  }
  return { name, primary, sentinels: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })) };
}
