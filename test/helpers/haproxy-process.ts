// Debian's HAProxy in front of coatcheck instances, started with the repository's own
// deploy/haproxy/haproxy.cfg (HAProxy reads the ports, certificate and instances from its
// environment), in the foreground, on a free loopback port. Server states come from its admin
// socket (`show stat`), so a test waits for what HAProxy itself decided, never a fixed time.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './redis-servers.js';

export const HAPROXY_CONFIG = 'deploy/haproxy/haproxy.cfg';

export interface HaproxyProcess {
  /** `https://localhost:<port>`: the public address clients use. */
  url: string;
  port: number;
  pid: number;
  /** Each backend server's state as HAProxy sees it, by name (`coatcheck1` → `UP`, `DOWN`, …). */
  states(): Promise<Record<string, string>>;
  /** Resolves once HAProxy reports `server` in `state` (the state's first word: `UP 1/2` is `UP`). */
  waitForState(server: string, state: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

export async function startHaproxy(o: {
  /** The port to listen on (chosen ahead: the instances are told their public URL). */
  port: number;
  /** Certificate chain and key in one PEM file. */
  pem: string;
  /** `host:port` of the instances, in the order of coatcheck1..3. */
  instances: [string, string, string];
  /** The health check interval, e.g. `200ms`. */
  checkInterval: string;
}): Promise<HaproxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-haproxy-'));
  const socket = join(dir, 'admin.sock');
  const port = o.port;
  let output = '';
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', HAPROXY_CONFIG], {
    env: {
      PATH: process.env.PATH,
      COATCHECK_HAPROXY_BIND: `127.0.0.1:${port}`,
      COATCHECK_HAPROXY_PEM: o.pem,
      COATCHECK_HAPROXY_SOCKET: socket,
      COATCHECK_CHECK_INTERVAL: o.checkInterval,
      COATCHECK_INSTANCE_1: o.instances[0],
      COATCHECK_INSTANCE_2: o.instances[1],
      COATCHECK_INSTANCE_3: o.instances[2],
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (c: Buffer) => (output += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const states = async (): Promise<Record<string, string>> => {
    const csv = await adminCommand(socket, 'show stat');
    const [header, ...rows] = csv.trim().split('\n');
    const columns = (header ?? '').replace(/^# /, '').split(',');
    const [px, sv, st] = ['pxname', 'svname', 'status'].map((name) => columns.indexOf(name));
    const found: Record<string, string> = {};
    for (const row of rows) {
      const cells = row.split(',');
      const name = cells[sv!] ?? '';
      if (cells[px!] === 'coatcheck' && name !== 'FRONTEND' && name !== 'BACKEND') found[name] = cells[st!]!;
    }
    return found;
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error('exited');
      return Object.keys(await states()).length === 3;
    }, `haproxy on ${port}`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; it wrote:\n${output.slice(-2000)}`);
  }
  return {
    url: `https://localhost:${port}`,
    port,
    pid: child.pid!,
    states,
    waitForState: (server, state, timeoutMs = 20_000) =>
      waitFor(
        async () => (await states())[server]?.split(' ')[0] === state,
        `haproxy to see ${server} ${state}`,
        timeoutMs,
      ),
    output: () => output,
    stop,
  };
}

/** One command on HAProxy's admin socket; it answers and closes. */
function adminCommand(path: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let data = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('admin socket timeout')));
    socket.on('connect', () => socket.write(`${line}\n`));
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
