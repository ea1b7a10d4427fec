import { createHash } from 'node:crypto';
import { SessionError } from '../../errors.js';
import type { BinaryCommander, RedisCommander } from './connection.js';
import type { RedisKeys } from './keys.js';

/**
 * The whole contract of one Lua script, in the spirit of node-redis's `defineScript`: its source,
 * the keys it touches (all under one hash tag), how its arguments are built from a typed input,
 * and a parser that checks the reply instead of casting it.
 */
export interface ScriptSpec<Input, Output> {
  /** Names the script in errors. */
  name: string;
  lua: string;
  keys(keys: RedisKeys, input: Input): string[];
  args(input: Input, keys: RedisKeys): (string | Buffer)[];
  /** Bulk strings in the reply come as bytes (for replies that carry session records). */
  binaryReply?: boolean;
  /** Turns the raw reply into the result; throws {@link unexpectedReply} for any other shape. */
  parse(reply: unknown): Output;
}

export interface RedisScript<Input, Output> extends ScriptSpec<Input, Output> {
  readonly sha: string;
  /** Runs by EVALSHA, falling back to EVAL when Redis forgot the script (restart, SCRIPT FLUSH). */
  run(redis: RedisCommander | BinaryCommander, keys: RedisKeys, input: Input): Promise<Output>;
}

export function defineScript<Input, Output>(spec: ScriptSpec<Input, Output>): RedisScript<Input, Output> {
  const sha = createHash('sha1').update(spec.lua).digest('hex');
  return {
    ...spec,
    sha,
    async run(redis, keys, input) {
      const options = { keys: spec.keys(keys, input), arguments: spec.args(input, keys) };
      let reply: unknown;
      try {
        reply = await redis.evalSha(sha, options);
      } catch (error) {
        // NOSCRIPT is Redis's own error code for an unknown SHA.
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        reply = await redis.eval(spec.lua, options);
      }
      return spec.parse(reply);
    },
  };
}

/** A reply of a shape the script never returns: the store is not the one we wrote for. Fails closed. */
export function unexpectedReply(script: string): SessionError {
  return new SessionError('ERR_STORE_UNAVAILABLE', `Redis script ${script} returned an unexpected reply`);
}

/** Checks a reply against a fixed set of words. */
export function oneOf<const T extends string>(script: string, words: readonly T[], reply: unknown): T {
  if (typeof reply === 'string' && (words as readonly string[]).includes(reply)) return reply as T;
  throw unexpectedReply(script);
}

/** Checks a 0/1 integer reply. */
export function flag(script: string, reply: unknown): boolean {
  if (reply === 0 || reply === 1) return reply === 1;
  throw unexpectedReply(script);
}

/** Checks an array of strings. */
export function strings(script: string, reply: unknown): string[] {
  if (!Array.isArray(reply) || !reply.every((item) => typeof item === 'string'))
    throw unexpectedReply(script);
  return reply as string[];
}

/** Checks an array of bulk strings read as bytes. */
export function byteStrings(script: string, reply: unknown): Buffer[] {
  if (!Array.isArray(reply) || !reply.every((item) => Buffer.isBuffer(item))) throw unexpectedReply(script);
  return reply as Buffer[];
}
