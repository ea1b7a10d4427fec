import { RESP_TYPES } from 'redis';

export interface ScriptCall {
  keys: string[];
  arguments: (string | Buffer)[];
}

/** The same connection answering bulk strings as bytes: session records are binary. */
export interface BinaryCommander {
  evalSha(sha: string, options: ScriptCall): Promise<unknown>;
  eval(script: string, options: ScriptCall): Promise<unknown>;
  get(key: string): Promise<Buffer | null>;
}

/** The commands the store uses; node-redis clients, sentinels and clusters all provide them. */
export interface RedisCommander {
  evalSha(sha: string, options: ScriptCall): Promise<unknown>;
  eval(script: string, options: ScriptCall): Promise<unknown>;
  hmGet(key: string, fields: string[]): Promise<(string | null)[]>;
  get(key: string): Promise<string | null>;
  set(
    key: string,
    value: string,
    options: { condition?: 'NX'; expiration?: { type: 'PXAT'; value: number } },
  ): Promise<unknown>;
  del(key: string): Promise<number>;
  lRange(key: string, start: number, stop: number): Promise<string[]>;
  pTTL(key: string): Promise<number>;
  connect(): Promise<unknown>;
  close?(): Promise<unknown>;
  destroy?(): void;
  quit?(): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** One page of SCAN on one node. */
export interface ScanNode {
  scan(
    cursor: string,
    options: { MATCH: string; COUNT: number },
  ): Promise<{ cursor: string; keys: string[] }>;
}

export interface Connected {
  commander: RedisCommander;
  binary: BinaryCommander;
  /** The nodes to scan (every primary on a Cluster). Off the request path only. */
  scanNodes(): Promise<ScanNode[]>;
}

/** The type mapping that makes a connection answer bulk strings as bytes (`Buffer`). */
export const BYTES = { [RESP_TYPES.BLOB_STRING]: Buffer };
