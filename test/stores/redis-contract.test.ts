import { afterAll, beforeAll, describe, it } from 'vitest';
import { runStoreContract } from '../../src/testing/index.js';
import { redisStore, TOPOLOGIES } from '../helpers/redis-stores.js';

const runner = { describe, it, beforeAll, afterAll };
for (const topology of TOPOLOGIES) runStoreContract(`redis ${topology}`, () => redisStore(topology), runner);
