// Log hygiene across a test run: every log line the run produces (service processes' stdout and
// stderr, in-process events) is written under one capture directory, and every token, cookie value
// and key the helpers see is appended to a secrets list there. test/setup/log-capture.global.ts
// searches the lines for the secrets when the run ends and fails it on any hit.
import { appendFileSync, createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { EventSink } from '../../src/index.js';
import { createLogger, pinoEventSink } from '../../src/logging/index.js';

export const CAPTURE_ENV = 'COATCHECK_LOG_CAPTURE_DIR';
let files = 0;

const dir = (): string | undefined => process.env[CAPTURE_ENV] || undefined;

/** A new capture file for one source's log lines (`<name>-<pid>-<n>.log`), or null outside a run. */
export function captureStream(name: string): WriteStream | null {
  const root = dir();
  if (!root) return null;
  return createWriteStream(join(root, `${name.replace(/[^\w-]/g, '_')}-${process.pid}-${files++}.log`));
}

/** Remembers secret values; the end-of-run check fails if any of them is in a captured line. */
export function recordSecret(...values: (string | null | undefined)[]): void {
  const root = dir();
  const kept = values.filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (!root || kept.length === 0) return;
  appendFileSync(
    join(root, `secrets-${process.pid}.txt`),
    `${kept.map((v) => JSON.stringify(v)).join('\n')}\n`,
  );
}

const TOKEN_FIELDS = ['token', 'accessToken', 'refreshToken', 'csrfToken'];

/** Records what a response hands out: Set-Cookie values and token fields of a JSON body. */
export async function recordResponseSecrets(res: Response): Promise<void> {
  for (const cookie of res.headers.getSetCookie()) {
    const value = cookie.split(';')[0]!.split('=').slice(1).join('=');
    recordSecret(value);
  }
  if (!(res.headers.get('content-type') ?? '').includes('json')) return;
  try {
    collect(await res.clone().json());
  } catch {
    // Not JSON after all; nothing to record.
  }
}

function collect(value: unknown, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 3) return;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && TOKEN_FIELDS.includes(key)) recordSecret(v);
    else collect(v, depth + 1);
  }
}

let inProcess: EventSink | null = null;

/** An event sink that logs this worker's in-process events through the pino sink into one capture file. */
export function captureEventSink(): EventSink {
  if (inProcess) return inProcess;
  const stream = captureStream('events');
  inProcess = stream ? pinoEventSink(createLogger({ destination: stream })) : () => {};
  return inProcess;
}

/** Wraps the named async methods of an object so every token they return is recorded. */
export function recordTokensOf<T extends object>(target: T, methods: (keyof T)[]): T {
  for (const name of methods) {
    const original = target[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    (target as Record<keyof T, unknown>)[name] = async (...args: unknown[]) => {
      const result = await original.apply(target, args);
      collect(result);
      return result;
    };
  }
  return target;
}
