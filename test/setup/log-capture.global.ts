// One capture directory per test run (LG-2): service processes and in-process event sinks write
// their log lines there, the helpers append every secret they see, and when the run ends every
// line is searched for every secret. A hit fails the run; the directory is then kept to inspect.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPTURE_ENV } from '../helpers/log-capture.js';
import { findLeaks } from '../helpers/log-hygiene.js';

export default function setup(): () => void {
  // Each test project runs this setup; the first one of a run owns the directory and its check.
  if (process.env[CAPTURE_ENV]) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-logs-'));
  // Set before any worker starts, so every worker and every process it spawns inherits it.
  process.env[CAPTURE_ENV] = dir;
  return () => {
    const { leaks, secrets, lines } = findLeaks(dir);
    if (leaks.length > 0) {
      const where = leaks.slice(0, 20).map((l) => `  ${l.file}:${l.line} (${l.secret})`);
      throw new Error(
        `log hygiene: ${leaks.length} recorded secret(s) found in captured logs (kept in ${dir}):\n${where.join('\n')}`,
      );
    }
    process.stdout.write(
      `log hygiene: ${secrets} secrets searched in ${lines} captured log lines, 0 found\n`,
    );
    rmSync(dir, { recursive: true, force: true });
  };
}
