// What a managed Redis asks of its clients, on the test servers of redis-servers.ts: TLS with a
// certificate from a private CA (made by openssl) and ACL users with restricted rights.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cli, freePort, type RedisFleet, type RedisProcess } from './redis-servers.js';

const run = promisify(execFile);
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export interface Certificates {
  /** PEM file of the CA that signed the server certificate (what a client must trust). */
  ca: string;
  cert: string;
  key: string;
}

/** A private CA and a server certificate for 127.0.0.1 and localhost, both valid for a day. */
export async function makeCertificates(dir: string): Promise<Certificates> {
  const file = (name: string) => join(dir, name);
  const [ca, caKey, cert, key, csr, ext] = [
    'ca.pem',
    'ca.key',
    'server.pem',
    'server.key',
    'server.csr',
    'san.ext',
  ].map(file) as [string, string, string, string, string, string];
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await Promise.all([
    run('openssl', [
      'req',
      '-x509',
      ...EC,
      '-days',
      '1',
      '-subj',
      '/CN=coatcheck test CA',
      '-keyout',
      caKey,
      '-out',
      ca,
    ]),
    run('openssl', ['req', ...EC, '-subj', '/CN=localhost', '-keyout', key, '-out', csr]),
  ]);
  await run('openssl', [
    ...['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial'],
    ...['-days', '1', '-extfile', ext, '-out', cert],
  ]);
  return { ca, cert, key };
}

/**
 * A standalone server that also listens with TLS on `tlsPort` (clients need no certificate of
 * their own). The plain port stays for the fleet's readiness check and for setting up users.
 */
export async function tlsServer(
  fleet: RedisFleet,
  certs: Certificates,
): Promise<RedisProcess & { tlsPort: number }> {
  const tlsPort = await freePort();
  const server = await fleet.server([
    ...['--tls-port', String(tlsPort), '--tls-cert-file', certs.cert, '--tls-key-file', certs.key],
    ...['--tls-ca-cert-file', certs.ca, '--tls-auth-clients', 'no'],
  ]);
  return { ...server, tlsPort };
}

/**
 * The least-privilege ACL rules for a coatcheck store under `prefix`: its keys only, no Pub/Sub,
 * and only the commands it sends — directly or from its Lua scripts, which Redis checks against
 * the same rules. docs/deployment.md gives the same list.
 */
export function coatcheckAclRules(prefix: string): string[] {
  const commands = [
    ...['get', 'set', 'del', 'exists', 'pttl', 'hmget', 'hget', 'hset'],
    ...['persist', 'pexpire', 'pexpireat', 'pexpiretime'],
    ...['zadd', 'zrem', 'zrangebylex', 'zremrangebylex', 'zlexcount', 'scan', 'evalsha', 'eval', 'ping'],
    ...['lpush', 'lrange', 'lindex', 'ltrim', 'rpop'],
  ];
  return ['resetkeys', `~${prefix}*`, 'resetchannels', '-@all', ...commands.map((c) => `+${c}`)];
}

/** Creates (or replaces) an ACL user with a password and rules, through the plain port. */
export async function aclUser(port: number, name: string, password: string, rules: string[]): Promise<void> {
  const reply = await cli(port, 'ACL', 'SETUSER', name, 'reset', 'on', `>${password}`, ...rules);
  if (reply[0] !== 'OK') throw new Error(`ACL SETUSER ${name}: ${reply.join(' ')}`);
}
