// Three `coatcheck serve` instances on one store, as a load balancer sees them: fixed loopback
// ports (a restarted instance comes back on the same address), one set of secrets and service
// keys, one public URL (the proxy's) as issuer and trusted origin.
import { Keyring } from '../../src/keys/keyring.js';
import { recordSecret } from './log-capture.js';
import { freePort } from './redis-servers.js';
import { type ServiceProcess, startServiceProcess } from './service-process.js';

export interface ServiceFleet {
  ports: [number, number, number];
  /** The running process of each instance (replaced by `restart`). */
  instances: ServiceProcess[];
  /** `http://127.0.0.1:<port>` of instance `i`: to talk to it directly, past the proxy. */
  direct(i: number): string;
  /** SIGTERM (a graceful stop), waits for the exit and starts it again; returns the exit code. */
  restart(i: number): Promise<number | null>;
  start(i: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startFleet(o: { store: string; publicUrl: string; env: Record<string, string> }) {
  const secrets = Keyring.generateSecret('fleet');
  recordSecret(secrets);
  const ports = (await Promise.all([freePort(), freePort(), freePort()])) as [number, number, number];
  const env = {
    COATCHECK_SECRETS: secrets,
    // Every instance issues and verifies tokens for the one public name.
    COATCHECK_ISSUER: o.publicUrl,
    COATCHECK_ORIGINS: o.publicUrl,
    COATCHECK_LOG_LEVEL: 'warn',
    ...o.env,
  };
  const launch = (i: number) => startServiceProcess(['--store', o.store], env, [], ports[i]);
  const instances = await Promise.all([0, 1, 2].map(launch));
  const fleet: ServiceFleet = {
    ports,
    instances,
    direct: (i) => `http://127.0.0.1:${ports[i]}`,
    async restart(i) {
      const old = instances[i]!;
      await old.stop();
      const code = await old.exited;
      instances[i] = await launch(i);
      return code;
    },
    async start(i) {
      instances[i] = await launch(i);
    },
    stop: async () => {
      await Promise.all(instances.map((p) => p.stop()));
    },
  };
  return fleet;
}
