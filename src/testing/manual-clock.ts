import type { Clock } from '../lib/clock.js';

/**
 * A clock that moves only when told, for expiry tests.
 *
 * @example
 * ```ts
 * import { ManualClock } from 'coatcheck/testing';
 * const clock = new ManualClock();
 * clock.advance(31 * 60); // seconds
 * ```
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `seconds`. */
  advance(seconds: number): void {
    this.#now += seconds * 1000;
  }
}
