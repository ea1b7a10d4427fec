// `coatcheck serve` runs with two V8 flags of its own (docs/deployment.md, "Node flags for the
// service"). Node refuses them in NODE_OPTIONS and they do nothing once V8 has started, so the
// command re-executes itself with them: process.execve replaces the program in place (same PID,
// same signals, same stdio), which a container's init, systemd or a test harness never notices.
import { url as inspectorUrl } from 'node:inspector';

/**
 * The V8 flags the service runs with: a young generation held at 16 MB a semi-space and no
 * idle-time compaction, so a burst of load after an idle spell does not stall in regrowing them
 * (validate p99 ×1.11 of a bare Fastify route with them, ×1.59–2.82 without; docs/benchmarks.md).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--min-semi-space-size=16', '--no-memory-reducer'];

/** A V8 flag's name: `--min_semi_space_size=4` and `--min-semi-space-size` name one flag, as do `--x` and `--no-x`. */
function flagName(flag: string): string {
  return flag
    .split('=')[0]!
    .replaceAll('_', '-')
    .replace(/^--no-/, '--');
}

/** The service's flags this process was not started with; a flag the operator gave, in any value, wins. */
export function missingServiceFlags(execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.map(flagName));
  return SERVICE_NODE_FLAGS.filter((flag) => !given.has(flagName(flag)));
}

/**
 * Re-executes this Node process with the service's flags added, unless it has them, the operator
 * turned them off (`COATCHECK_NODE_FLAGS=off`), a debugger may be attached (the inspector is open:
 * a restart would drop it and print a new URL) or this platform cannot replace a process in place
 * (Windows): then it returns and the service runs as started, only with a longer tail after idle spells.
 */
export function relaunchWithServiceFlags(env: Record<string, string | undefined>): void {
  if (env.COATCHECK_NODE_FLAGS === 'off' || typeof process.execve !== 'function') return;
  if (process.platform === 'win32' || inspectorUrl() !== undefined) return;
  const missing = missingServiceFlags(process.execArgv);
  if (missing.length === 0) return;
  const argv = [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)];
  try {
    process.execve(process.execPath, argv, process.env as Record<string, string>);
  } catch {
    // A sandbox that forbids execve: running without the flags is slower after idle, never wrong.
  }
}
