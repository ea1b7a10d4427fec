// Imported once at server start (instrumentation.ts): exits with one line if the environment is unusable.
import { readConfig } from './config';

try {
  readConfig();
} catch (error) {
  process.stderr.write(`cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
