// `coatcheck/stores/redis`: the production store on Redis standalone, Sentinel or Cluster.
export type { RedisConnection } from './connection.js';
export { RedisStore, type RedisStoreOptions } from './store.js';
