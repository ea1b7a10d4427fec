#!/usr/bin/env node
// The coatcheck command line. Each command lives in its own file; this only dispatches and owns
// the exit codes: 0 done, 1 failed (or nothing found), 2 usage.
// Nothing is imported up front but the Node version check: each command loads only what it uses,
// so `secret generate` and `--help` need neither node:sqlite nor redis nor the service packages.
import { nodeVersionProblem } from './node-version.js';

const USAGE = `Usage: coatcheck <command> [options]

Commands:
  serve [--demo]                          Run the HTTP service (and the demo web app)
  sessions list <userId>                  A user's sessions (devices)
  sessions revoke <id> | --user <userId>  End one session, or all of a user's
  activity <userId>                       A user's security activity, newest first
  end-everything <userId> --reason <why>  End every session and access token of a user
  keys list | keys rotate [--immediate]   Keyring and signing keys
  doctor                                  Check Node, secrets and the store; changes nothing
  migrate --from <store> --to <store>     Copy sessions, refresh tokens and keys between stores
  migrate legacy --from redis://… --until <date> (--user-field <path> | --map <module>)
                                          Import connect-redis sessions (express-session,
                                          @fastify/session) ahead of the switch-over
  secret generate [--kid <id>]            Print a new random secret for COATCHECK_SECRETS
  service-key generate [--app <name>]     Print a new service key for COATCHECK_SERVICE_KEYS
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

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.js')).runServe,
  sessions: async () => (await import('./sessions.js')).runSessions,
  activity: async () => (await import('./activity.js')).runActivity,
  'end-everything': async () => (await import('./end-everything.js')).runEndEverything,
  keys: async () => (await import('./keys.js')).runKeys,
  doctor: async () => (await import('./doctor.js')).runDoctor,
  migrate: async () => (await import('./migrate.js')).runMigrate,
  secret: async () => (await import('./secret.js')).runSecretGenerate,
  'service-key': async () => (await import('./service-key.js')).runServiceKey,
  demo: async () => {
    const { parseCommand } = await import('./args.js');
    return async (args) => {
      if (!parseCommand(args, {}, DEMO_HELP).values.help) return (await import('./demo.js')).runDemo();
      process.stdout.write(DEMO_HELP);
      return 0;
    };
  },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    process.stderr.write(`coatcheck: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}

const json = process.argv.includes('--json');
const tooOld = nodeVersionProblem();
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exitCode = 1;
} else
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    async (error: unknown) => {
      if (error instanceof Error && error.name === 'UsageError') {
        process.stderr.write(`coatcheck: ${error.message}\n\n${(error as Error & { help: string }).help}`);
        process.exitCode = 2;
        return;
      }
      const [{ isSessionError }, { errorBody }] = await Promise.all([
        import('../errors.js'),
        import('../http/errors.js'),
      ]);
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
