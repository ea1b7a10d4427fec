import { startService } from '../server/serve.js';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * `coatcheck serve [--host H] [--port P] [--store URL] [--demo] [--data-dir D]`; flags win over
 * HOST, PORT, COATCHECK_STORE and COATCHECK_DATA_DIR.
 */
export async function runServe(args: string[]): Promise<number> {
  const env = process.env;
  const port = Number(flag(args, '--port') ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('coatcheck: --port takes 0-65535\n');
    return 2;
  }
  const service = await startService({
    host: flag(args, '--host') ?? env.HOST ?? '127.0.0.1',
    port,
    store: flag(args, '--store') ?? env.COATCHECK_STORE,
    demo: args.includes('--demo'),
    dataDir: flag(args, '--data-dir') ?? env.COATCHECK_DATA_DIR ?? 'data',
    env,
    say: (line) => void process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `coatcheck is serving at ${service.url}${args.includes('--demo') ? ' — open it in a browser' : ''}\n`,
  );
  const stop = (): void => void service.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}
