// Real Redis processes for tests, from Debian's redis-server: standalone, Sentinel and Cluster, on
// free loopback ports, with readiness checks (no fixed sleeps), stopped by PID.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RedisProcess {
  port: number;
  process: ChildProcess;
}

export interface RedisTopologies {
  standalone: string;
  sentinel: { name: string; nodes: { host: string; port: number }[] };
  cluster: { nodes: string[] };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Sends one inline command and returns the raw reply (enough for readiness checks). */
export function command(port: number, line: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), timeoutMs);
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk) => {
      data += chunk;
      if (data.endsWith('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(data);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** One command through redis-cli, reply as text lines. */
export async function cli(port: number, ...args: string[]): Promise<string[]> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
  return stdout.split('\n');
}

/** The value after `name` in a redis-cli field/value listing. */
export function field(lines: string[], name: string): string | undefined {
  const i = lines.indexOf(name);
  return i >= 0 ? lines[i + 1] : undefined;
}

export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (let delay = 10; Date.now() < until; delay = Math.min(delay * 2, 200)) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, delay));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export class RedisFleet {
  readonly dir = mkdtempSync(join(tmpdir(), 'coatcheck-redis-'));
  readonly processes: RedisProcess[] = [];
  private started = 0;
  private nodeFiles = 0;

  /**
   * A redis-server on `port`, or on a free port. A probed port can be taken by another test's
   * process before redis binds it (and a cluster node needs a second, bus port), so a server that
   * exits before answering is started again on fresh ports; a fixed port (a restart) is retried
   * as is. The server's own output is kept in the fleet's directory and quoted when it never starts.
   */
  async server(extra: string[] = [], port?: number): Promise<RedisProcess> {
    let failure = '';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const p = port ?? (await freePort());
      const args = [
        '--port',
        String(p),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        '--dbfilename',
        `dump-${p}.rdb`,
        ...extra,
      ];
      const proc = await this.start(
        args,
        p,
        extra.includes('--cluster-enabled') ? await freePort() : undefined,
      );
      if (typeof proc !== 'string') return proc;
      failure = proc;
    }
    throw new Error(`redis-server never started: ${failure}`);
  }

  /** Starts one redis-server; its process once it answers PING, or its output if it exited first. */
  private async start(args: string[], port: number, busPort?: number): Promise<RedisProcess | string> {
    const n = ++this.started;
    const log = join(this.dir, `redis-${n}.log`);
    const all = busPort === undefined ? args : [...args, '--cluster-port', String(busPort)];
    const child = spawn('redis-server', [...all, '--logfile', log], { stdio: 'ignore' });
    const proc = { port, process: child };
    this.processes.push(proc);
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    await waitFor(
      async () => exited() || (await command(port, 'PING')).startsWith('+PONG'),
      `redis-server on ${port}`,
    );
    if (!exited()) return proc;
    this.processes.splice(this.processes.indexOf(proc), 1);
    return readTail(log);
  }

  async sentinel(primaryPort: number, name = 'mymaster'): Promise<RedisProcess> {
    const port = await freePort();
    const conf = join(this.dir, `sentinel-${port}.conf`);
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${this.dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 4000`,
        `sentinel parallel-syncs ${name} 1`,
      ].join('\n'),
    );
    const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    const proc = { port, process: child };
    this.processes.push(proc);
    await waitFor(async () => (await command(port, 'PING')).startsWith('+PONG'), `sentinel on ${port}`);
    return proc;
  }

  /** A primary, one replica and three sentinels that all know both. */
  async sentinelGroup(
    name = 'mymaster',
  ): Promise<{ primary: RedisProcess; replica: RedisProcess; sentinels: RedisProcess[] }> {
    const primary = await this.server();
    const replica = await this.server(['--replicaof', '127.0.0.1', String(primary.port)]);
    await waitFor(
      async () => (await command(replica.port, 'INFO replication')).includes('master_link_status:up'),
      'replica link',
    );
    const sentinels = await Promise.all([0, 1, 2].map(() => this.sentinel(primary.port, name)));
    for (const s of sentinels) {
      await waitFor(async () => {
        const info = await cli(s.port, 'SENTINEL', 'master', name);
        return field(info, 'num-other-sentinels') === '2' && field(info, 'num-slaves') === '1';
      }, 'sentinel discovery');
    }
    return { primary, replica, sentinels };
  }

  /** A Redis Cluster of `primaries` nodes (all 16384 slots covered) with `replicas` per primary. */
  async cluster(primaries = 3, replicas = 0): Promise<RedisProcess[]> {
    const nodes = await Promise.all(
      Array.from({ length: primaries * (1 + replicas) }, () =>
        this.server([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${++this.nodeFiles}.conf`,
          '--cluster-node-timeout',
          '2000',
        ]),
      ),
    );
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    for (const n of nodes) {
      await waitFor(
        async () => (await command(n.port, 'CLUSTER INFO')).includes('cluster_state:ok'),
        `cluster state on ${n.port}`,
      );
    }
    return nodes;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        ({ process: child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGCONT');
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The last lines a server wrote to its log, to say why it did not start. */
function readTail(log: string): string {
  if (!existsSync(log)) return 'exited without writing its log';
  return readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ');
}
