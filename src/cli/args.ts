import { parseArgs } from 'node:util';

/** A usage mistake: the CLI prints the command's help to stderr and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** The flags every store-backed command takes. */
export const STORE_OPTIONS = {
  store: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies OptionSpec;

export const STORE_HELP = `  --store <url>      sqlite:<path> | memory: | redis://… | redis-sentinel://h:p,h:p/<name> |
                     redis-cluster://h:p,h:p   (env COATCHECK_STORE; default sqlite:<data dir>/sessions.db)
  --data-dir <dir>   where development secrets and the SQLite file live (env COATCHECK_DATA_DIR; default ./data)
  --json             machine-readable output (one JSON document on stdout)
  -h, --help         this help`;

/**
 * Strict flag parsing (node:util): an unknown flag, a missing value or a wrong number of
 * arguments is a {@link UsageError}. `--help` is answered by the caller (`values.help`).
 */
export function parseCommand<O extends OptionSpec>(
  args: readonly string[],
  options: O,
  help: string,
  positionals: { min: number; max: number } = { min: 0, max: 0 },
): {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & { help?: boolean };
  positionals: string[];
} {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message, help);
  }
  const values = parsed.values as { help?: boolean };
  if (
    !values.help &&
    (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max)
  ) {
    throw new UsageError('Wrong number of arguments', help);
  }
  return { values: parsed.values as never, positionals: parsed.positionals };
}
