import type { SessionStore } from '../stores/types.js';
import { type ContractCase, sessionCases } from './contract-sessions.js';
import { familyAndDocumentCases } from './contract-tokens.js';

export { ContractFailure } from './assert.js';
export type { ContractCase } from './contract-sessions.js';
export { sampleFamily, sampleSession } from './fixtures.js';
export { ManualClock } from './manual-clock.js';

/** Every case a coatcheck store must pass. */
export const storeContractCases: readonly ContractCase[] = [...sessionCases, ...familyAndDocumentCases];

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
 * ```
 */
export function runStoreContract(
  label: string,
  makeStore: () => Promise<SessionStore>,
  runner: ContractRunner,
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
  });
}
