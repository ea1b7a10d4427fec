import { SessionError } from '../errors.js';

/** A duration: seconds as a number, or a string such as `"90s"`, `"30m"`, `"12h"`, `"7d"`. */
export type Duration = number | `${number}${'s' | 'm' | 'h' | 'd'}`;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Converts a {@link Duration} to whole seconds; throws ERR_CONFIG_INVALID on anything else. */
export function toSeconds(value: Duration, name: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return Math.floor(value);
  } else {
    const match = /^(\d{1,9})([smhd])$/.exec(value);
    if (match) return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  }
  throw new SessionError('ERR_CONFIG_INVALID', `${name} must be seconds or a duration like "30m"`);
}
