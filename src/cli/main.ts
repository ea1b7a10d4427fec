#!/usr/bin/env node
// The coatcheck command line. Each command lives in its own file; this only dispatches.
import { runDemo } from './demo.js';
import { runDoctor } from './doctor.js';
import { runKeys } from './keys.js';
import { MIGRATE_LEGACY_USAGE, runMigrateLegacy } from './migrate-legacy.js';
import { MIGRATE_STORES_USAGE, runMigrateStores } from './migrate-stores.js';
import { runSecretGenerate } from './secret.js';
import { runServe } from './serve.js';
import { runSessions } from './sessions.js';

const USAGE = `Usage: coatcheck <command>

Commands:
  serve [--demo]     Run the HTTP service (and the demo web app) — --host, --port, --store, --data-dir
  sessions list <userId>                 A user's sessions (devices)
  sessions revoke <id> | --user <userId> End one session, or all of a user's
  keys list | keys rotate [--immediate]  Keyring and signing keys
  doctor                                 Check configuration and that the store answers
  migrate --from <store> --to <store>    Copy sessions, refresh tokens and keys between stores
  migrate legacy --from redis://… --until <date> --user-field <path> | --map <module>
                                         Import connect-redis sessions (express-session,
                                         @fastify/session) ahead of the switch-over
  demo               Walk through the session core on the embedded SQLite store
  secret generate    Print a new random secret for COATCHECK_SECRETS
  help               Show this help

Store-backed commands take --store <url>, --data-dir <dir> and --json, like serve.
\`coatcheck migrate --help\` and \`coatcheck migrate legacy --help\` list their flags.
`;

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (command === 'serve') return runServe(argv.slice(1));
  if (command === 'sessions') return runSessions(argv.slice(1));
  if (command === 'keys') return runKeys(argv.slice(1));
  if (command === 'doctor') return runDoctor(argv.slice(1));
  if (command === 'migrate') return runMigrate(argv.slice(1));
  if (command === 'demo') return runDemo();
  if (command === 'secret' && sub === 'generate') return runSecretGenerate(argv.slice(2));
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(`coatcheck: unknown command "${argv.join(' ')}"\n\n${USAGE}`);
  return 2;
}

function runMigrate(args: string[]): Promise<number> {
  const legacy = args[0] === 'legacy';
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(legacy ? MIGRATE_LEGACY_USAGE : `${MIGRATE_STORES_USAGE}\n${MIGRATE_LEGACY_USAGE}`);
    return Promise.resolve(0);
  }
  return legacy ? runMigrateLegacy(args.slice(1)) : runMigrateStores(args);
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
