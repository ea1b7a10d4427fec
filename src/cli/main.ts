#!/usr/bin/env node
// The coatcheck command line. Each command lives in its own file; this only dispatches and owns
// the exit codes: 0 done, 1 failed (or nothing found), 2 usage.
import { isSessionError } from '../errors.js';
import { errorBody } from '../http/errors.js';
import { parseCommand, UsageError } from './args.js';
import { runDemo } from './demo.js';
import { runDoctor } from './doctor.js';
import { runKeys } from './keys.js';
import { runMigrate } from './migrate.js';
import { runSecretGenerate } from './secret.js';
import { runServe } from './serve.js';
import { runSessions } from './sessions.js';

const USAGE = `Usage: coatcheck <command> [options]

Commands:
  serve [--demo]                          Run the HTTP service (and the demo web app)
  sessions list <userId>                  A user's sessions (devices)
  sessions revoke <id> | --user <userId>  End one session, or all of a user's
  keys list | keys rotate [--immediate]   Keyring and signing keys
  doctor                                  Check configuration and that the store answers
  migrate --from <store> --to <store>     Copy sessions, refresh tokens and keys between stores
  migrate legacy --from redis://… --until <date> (--user-field <path> | --map <module>)
                                          Import connect-redis sessions (express-session,
                                          @fastify/session) ahead of the switch-over
  secret generate [--kid <id>]            Print a new random secret for COATCHECK_SECRETS
  demo                                    Walk through the session core on an embedded SQLite store
  help                                    Show this help

Run coatcheck <command> --help for a command's options. Store-backed commands take --store,
--data-dir and --json, and read the same environment as serve.
Exit codes: 0 done, 1 failed or not found, 2 usage.
`;

const DEMO_HELP = `Usage: coatcheck demo

Walks through the session core (sign in twice, validate, rotate, list devices, revoke others,
sign out) on an embedded SQLite store under $COATCHECK_DATA_DIR (default ./data). Prints
session handles and outcomes, never a full token.
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  serve: runServe,
  sessions: runSessions,
  keys: runKeys,
  doctor: runDoctor,
  migrate: runMigrate,
  secret: runSecretGenerate,
  demo: async (args) => {
    if (!parseCommand(args, {}, DEMO_HELP).values.help) return runDemo();
    process.stdout.write(DEMO_HELP);
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(`coatcheck: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  return run(rest);
}

const json = process.argv.includes('--json');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`coatcheck: ${error.message}\n\n${error.help}`);
      process.exitCode = 2;
      return;
    }
    // Only the code and message: they are generic by design and carry no secret.
    const code = (error as { code?: string }).code ?? 'ERR_INTERNAL';
    const message = (error as Error).message;
    const known = isSessionError(error) ? error.code : 'ERR_INTERNAL';
    // The JSON error body of the HTTP answers; a system error's own code (ENOENT…) stays in the message.
    const text = known === code ? message : `${code}: ${message}`;
    if (json) process.stdout.write(`${JSON.stringify(errorBody(known, text))}\n`);
    else process.stderr.write(`coatcheck: ${code}: ${message}\n`);
    process.exitCode = 1;
  },
);
