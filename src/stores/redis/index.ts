// `coatcheck/stores/redis`: the production store on Redis standalone, Sentinel or Cluster.
export type { RedisAuth, RedisConnection, RedisSentinelConnection, RedisTls } from './connection.js';
export { RedisStore, type RedisStoreOptions } from './store.js';
