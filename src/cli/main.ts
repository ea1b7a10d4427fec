#!/usr/bin/env node
// The coatcheck command line. Each command lives in its own file; this only dispatches.
import { runDemo } from './demo.js';
import { runSecretGenerate } from './secret.js';
import { runServe } from './serve.js';

const USAGE = `Usage: coatcheck <command>

Commands:
  serve [--demo]     Run the HTTP service (and the demo web app) — --host, --port, --store, --data-dir
  demo               Walk through the session core on the embedded SQLite store
  secret generate    Print a new random secret for COATCHECK_SECRETS
  help               Show this help
`;

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (command === 'serve') return runServe(argv.slice(1));
  if (command === 'demo') return runDemo();
  if (command === 'secret' && sub === 'generate') return runSecretGenerate(argv.slice(2));
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(`coatcheck: unknown command "${argv.join(' ')}"\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only the code and message: they are generic by design and carry no secret.
    const code = (error as { code?: string }).code ?? 'ERR_UNEXPECTED';
    process.stderr.write(`coatcheck: ${code}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
