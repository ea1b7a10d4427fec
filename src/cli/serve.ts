import { importOptional } from '../server/optional.js';
import type { TlsFiles } from '../server/transport.js';
import { parseCommand, STORE_HELP, STORE_OPTIONS, UsageError } from './args.js';
import { requirePackages, SERVICE_PACKAGES } from './needs.js';
import { relaunchWithServiceFlags } from './service-node-flags.js';

export const SERVE_HELP = `Usage: coatcheck serve [options]

Runs the HTTP service: /v1 for backends (service keys), /.well-known/jwks.json, /healthz,
/readyz, /metrics, /openapi.json, and with --demo the demo web app. Flags win over environment
variables.

  --host <host>      interface to bind (env HOST; default 127.0.0.1). Plain HTTP outside loopback
                     is refused unless TLS is given or COATCHECK_ALLOW_PLAIN_HTTP=1 (TLS at a proxy)
  --port <port>      0-65535, 0 picks a free one (env PORT; default 3000)
  --demo             also serve the demo web app at /
  --tls-cert <file>  PEM certificate chain: serve HTTPS (env COATCHECK_TLS_CERT)
  --tls-key <file>   PEM private key (env COATCHECK_TLS_KEY)
${STORE_HELP}

Environment: COATCHECK_SECRETS, COATCHECK_SERVICE_KEYS (ck_… for operators, <app>=ck_… per app),
COATCHECK_DEMO_PASSWORD, COATCHECK_ORIGINS (trusted origins of the demo), COATCHECK_TRUSTED_PROXIES
(whose X-Forwarded-For names the client: a hop count or CIDR ranges; default none),
COATCHECK_PRIVACY_IP (full, truncated, hashed, none), COATCHECK_PRIVACY_USER_AGENT and
COATCHECK_PRIVACY_DEVICE_NAME (keep, none),
NODE_ENV=production (missing or weak secrets stop the start), COATCHECK_KEY_CACHE_TTL (how soon a
key rotation made elsewhere is seen; default 60 s).

Stops gracefully on SIGINT or SIGTERM: /readyz answers 503 for COATCHECK_DRAIN_DELAY_MS (default 0;
behind a load balancer, longer than its health check takes to mark the instance down) while
requests are still served, then no new connections, requests in flight finish (at most
COATCHECK_SHUTDOWN_TIMEOUT_MS, default 10000), the store closes, and it exits 0. A second signal
stops it at once.

Runs with the V8 flags --min-semi-space-size=16 --no-memory-reducer (a shorter latency tail after
idle spells): it restarts itself in place (same process) with them unless given on the node
command line; COATCHECK_NODE_FLAGS=off runs it without them.
`;

/** What `coatcheck serve` was asked for: flags over environment over defaults. */
export function serveOptions(args: readonly string[], env: Record<string, string | undefined>) {
  const { values } = parseCommand(
    args,
    {
      ...STORE_OPTIONS,
      host: { type: 'string' },
      port: { type: 'string' },
      demo: { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
    },
    SERVE_HELP,
  );
  const portText = values.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError('--port takes 0-65535', SERVE_HELP);
  const cert = values['tls-cert'] ?? env.COATCHECK_TLS_CERT;
  const key = values['tls-key'] ?? env.COATCHECK_TLS_KEY;
  if (Boolean(cert) !== Boolean(key))
    throw new UsageError('TLS needs both a certificate and a key', SERVE_HELP);
  const tls: TlsFiles | undefined = cert && key ? { cert, key } : undefined;
  return {
    help: values.help === true,
    json: values.json === true,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    port,
    store: values.store ?? env.COATCHECK_STORE,
    demo: values.demo === true,
    dataDir: values['data-dir'] ?? env.COATCHECK_DATA_DIR ?? 'data',
    tls,
  };
}

/** `coatcheck serve`: runs until SIGINT or SIGTERM. */
export async function runServe(args: string[]): Promise<number> {
  const { help, json, ...options } = serveOptions(args, process.env);
  if (help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  // Before anything is loaded or printed: on success this process continues as a new program.
  relaunchWithServiceFlags(process.env);
  requirePackages('coatcheck serve', SERVICE_PACKAGES);
  // Loaded only now: the service stack is an optional install (see needs.ts).
  const { startService } = await importOptional('coatcheck serve', () => import('../server/serve.js'));
  const say = (line: string): void => void (json ? process.stderr : process.stdout).write(`${line}\n`);
  const service = await startService({ ...options, env: process.env, say });
  const { url, issuer } = service;
  if (json) process.stdout.write(`${JSON.stringify({ url, issuer, demo: options.demo })}\n`);
  else {
    say(`coatcheck is serving at ${url}${options.demo ? ' — open it in a browser' : ''}`);
    // Verifiers must expect exactly this issuer; say it when it is not the URL above.
    if (issuer !== url) say(`access tokens name the issuer ${issuer}`);
  }
  // Once the graceful stop begins, a second signal meets no handler: Node's default ends it at once.
  const stop = (): void => {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    void service.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  return new Promise<number>(() => {});
}
