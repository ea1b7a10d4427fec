// Redis's own accounting: commands served and bytes moved, to divide by requests served.
import { execFileSync } from 'node:child_process';

export interface RedisCounters {
  calls: number;
  bytes: number;
}

function info(port: number, section: string): string {
  return execFileSync('redis-cli', ['-p', String(port), 'INFO', section], { encoding: 'utf8' });
}

export function redisCounters(port: number): RedisCounters {
  let calls = 0;
  for (const match of info(port, 'commandstats').matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
    if (match[1] !== 'info') calls += Number(match[2]);
  }
  const stats = info(port, 'stats');
  const read = (name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
  return { calls, bytes: read('total_net_input_bytes') + read('total_net_output_bytes') };
}

/** Per-command breakdown, for the report ("GET + EXPIRE"). */
export function commandNames(port: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const match of info(port, 'commandstats').matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
    if (match[1] !== 'info') out.set(match[1]!, Number(match[2]));
  }
  return out;
}
