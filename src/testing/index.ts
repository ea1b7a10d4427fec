import type { SessionStore } from '../stores/types.js';
import { activityCases } from './contract-activity.js';
import { scanCases } from './contract-scan.js';
import { type ContractCase, sessionCases } from './contract-sessions.js';
import { familyAndDocumentCases } from './contract-tokens.js';

export { ContractFailure } from './assert.js';
export type { ContractCase } from './contract-sessions.js';
export { sampleFamily, sampleSession } from './fixtures.js';
export { ManualClock } from './manual-clock.js';

/** Every case a coatcheck store must pass. */
export const storeContractCases: readonly ContractCase[] = [...sessionCases, ...familyAndDocumentCases];

/** Cases for stores with an activity log (`appendActivity`, `listActivity`). */
export const activityContractCases: readonly ContractCase[] = activityCases;

/** Extra cases for stores that can be scanned (`scanSessions`, `scanFamilies`, `listDocuments`). */
export const scanContractCases: readonly ContractCase[] = scanCases;

/** The test-runner functions the contract needs (Vitest, node:test and Jest all fit). */
export interface ContractRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
  beforeAll(body: () => Promise<void>): void;
  afterAll(body: () => Promise<void>): void;
}

/**
 * Registers the store contract suite with your test runner. Third-party stores can run it too.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { runStoreContract } from 'coatcheck/testing';
 * import { MyStore } from './my-store.js';
 *
 * runStoreContract('my store', async () => new MyStore(), { describe, it, beforeAll, afterAll });
 * // A store without scanSessions/scanFamilies/listDocuments passes `{ scan: false }` as a 4th
 * // argument; one without an activity log (appendActivity/listActivity) `{ activity: false }`.
 * ```
 */
export function runStoreContract(
  label: string,
  makeStore: () => Promise<SessionStore>,
  runner: ContractRunner,
  options: { scan?: boolean; activity?: boolean } = {},
): void {
  runner.describe(`store contract: ${label}`, () => {
    let store: SessionStore | undefined;
    runner.beforeAll(async () => {
      store = await makeStore();
    });
    runner.afterAll(async () => {
      await store?.close();
    });
    for (const contractCase of storeContractCases) {
      runner.it(contractCase.name, () => contractCase.run(store!), 15_000);
    }
    if (options.activity ?? true) {
      for (const contractCase of activityCases) {
        runner.it(`activity: ${contractCase.name}`, () => contractCase.run(store!), 15_000);
      }
    }
    // Scanning is optional: a store without it cannot be migrated from, and opts out here.
    if (options.scan ?? true) {
      for (const contractCase of scanCases) {
        runner.it(`scan: ${contractCase.name}`, () => contractCase.run(store!), 30_000);
      }
    }
  });
}
