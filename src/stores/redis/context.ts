import type { Clock } from '../../lib/clock.js';
import type { BinaryCommander, RedisCommander, ScanNode } from './connection.js';
import type { Deadlines } from './deadline.js';
import type { RedisKeys } from './keys.js';
import type { RedisScript } from './script.js';

/** What the per-area functions (sessions, families, documents, scan) share: one per store. */
export class RedisContext {
  constructor(
    readonly redis: RedisCommander,
    /** The same connection, answering bulk strings as bytes (session records). */
    readonly binary: BinaryCommander,
    readonly keys: RedisKeys,
    readonly clock: Clock,
    readonly deadlines: Deadlines,
    readonly scanNodes: () => Promise<ScanNode[]>,
  ) {}

  /** Bounds a command in time (fails closed with ERR_STORE_UNAVAILABLE). */
  call<T>(work: Promise<T>): Promise<T> {
    return this.deadlines.run(work);
  }

  /** Runs a script, bounded in time. */
  run<Input, Output>(script: RedisScript<Input, Output>, input: Input): Promise<Output> {
    return this.call(script.run(script.binaryReply ? this.binary : this.redis, this.keys, input));
  }
}
