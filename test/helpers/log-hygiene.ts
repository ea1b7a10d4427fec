// The end-of-run check: no recorded secret appears in any captured log line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Leak {
  file: string;
  line: number;
  /** The first characters of the leaked value only, so the report does not leak it again. */
  secret: string;
}

const RUN = /[A-Za-z0-9_-]+/g;
const MIN_NEEDLE = 16;

/**
 * The random part a secret is recognised by: its last base64url run (the secret after `id.` or
 * `rt_family.`, a JWT's signature, a key after `k1:`). The public handle before it is logged on
 * purpose and must not count. Values shorter than 16 characters cannot be told from ordinary text.
 */
export function needleOf(secret: string): string | null {
  const runs = secret.match(RUN) ?? [];
  const last = runs.at(-1);
  return last && last.length >= MIN_NEEDLE ? last : null;
}

/** Every recorded secret (`secrets-*.txt`, one JSON string a line; `COATCHECK_SECRETS` lists split). */
export function recordedSecrets(dir: string): Set<string> {
  const out = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.startsWith('secrets-'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      for (const part of (JSON.parse(line) as string).split(',')) {
        const needle = needleOf(part.trim());
        if (needle) out.add(needle);
      }
    }
  }
  return out;
}

/**
 * Searches every `*.log` file in `dir` for every recorded secret. Lines are cut into base64url
 * runs and looked up in one set, so the check stays linear in the size of the logs.
 */
export function findLeaks(dir: string): { leaks: Leak[]; secrets: number; lines: number } {
  const secrets = recordedSecrets(dir);
  const leaks: Leak[] = [];
  let lines = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.log'))) {
    const text = readFileSync(join(dir, file), 'utf8').split('\n');
    text.forEach((content, i) => {
      lines++;
      for (const run of content.match(RUN) ?? []) {
        if (secrets.has(run)) leaks.push({ file, line: i + 1, secret: `${run.slice(0, 6)}…` });
      }
    });
  }
  return { leaks, secrets: secrets.size, lines };
}
