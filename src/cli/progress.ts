import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SingleBar } from 'cli-progress';
import { SessionError } from '../errors.js';

/** Live progress for a long command: a bar on a terminal, plain lines otherwise. */
export interface Progress {
  update(done: number, total: number | null, detail: string): void;
  stop(): void;
}

/**
 * A cli-progress bar when stdout is a terminal, --json is off and cli-progress is installed (an
 * optional peer); otherwise a plain line at most once a second (to stdout, or to stderr with --json
 * so stdout stays one JSON document).
 */
export async function createProgress(label: string, json: boolean): Promise<Progress> {
  const bars = process.stdout.isTTY && !json ? await import('cli-progress').catch(() => null) : null;
  if (bars) {
    const { SingleBar } = bars;
    let bar: SingleBar | null = null;
    let started = false;
    return {
      update(done, total, detail) {
        // Without a known total, a live counter (a bar would always read 100%).
        bar ??= new SingleBar({
          format: total
            ? `${label} [{bar}] {percentage}% | {value}/{total} | {detail}`
            : `${label} | {value} records | {detail} | {duration_formatted}`,
          hideCursor: true,
        });
        const upper = Math.max(total ?? done, done, 1);
        if (!started) bar.start(upper, done, { detail });
        started = true;
        bar.setTotal(upper);
        bar.update(done, { detail });
      },
      stop: () => void (started && bar?.stop()),
    };
  }
  const out = json ? process.stderr : process.stdout;
  let last = 0;
  return {
    update(done, total, detail) {
      if (Date.now() - last < 1000) return;
      last = Date.now();
      out.write(
        `${label}: ${done.toLocaleString('en')}${total ? ` of ~${total.toLocaleString('en')}` : ''} | ${detail}\n`,
      );
    },
    stop: () => {},
  };
}

/**
 * A checkpoint file for a resumable command: read once at start (when it names the same job),
 * replaced atomically after every page, removed when the job is done.
 */
export class CheckpointFile<T> {
  constructor(
    readonly path: string,
    readonly job: string,
  ) {}

  read(): T | null {
    if (!existsSync(this.path)) return null;
    const saved = JSON.parse(readFileSync(this.path, 'utf8')) as { job?: string; state?: T };
    if (saved.job !== this.job) {
      throw new SessionError(
        'ERR_CONFIG_INVALID',
        `The checkpoint ${this.path} belongs to another migration; remove it or pass --checkpoint`,
      );
    }
    return saved.state ?? null;
  }

  write(state: T): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, JSON.stringify({ job: this.job, state }), { mode: 0o600 });
    renameSync(`${this.path}.tmp`, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}

/** Elapsed seconds, rate and peak memory for a final report. */
export function runFigures(
  startedAt: number,
  count: number,
): { seconds: number; perSecond: number; peakRssMb: number } {
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(count / Math.max(seconds, 0.001)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
