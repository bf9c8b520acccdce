import { describe, it } from 'vitest';
import type { ContractMasterKeys, CreateStore, SkipList } from './_context.js';
import { createContext } from './_context.js';
import { registerDocumentTests } from './_document-tests.js';
import { registerSecretsTests } from './_secrets-tests.js';
import { registerServiceTests } from './_service-tests.js';
import { registerStoreTests } from './_store-tests.js';
import { registerTranscriptTests } from './_transcript-tests.js';

export interface StoreContractOptions {
  /**
   * Declared gaps: the exact test name and why it cannot pass for this store. Naming a test that
   * does not exist fails the suite, so a gap never outlives its test.
   */
  readonly skip?: SkipList;
  /**
   * The master keys to encrypt with (default: two local keys): a key service's keys, so the whole
   * suite runs with data keys wrapped there.
   */
  readonly masterKeys?: ContractMasterKeys;
}

/**
 * Registers the contract suite every store runs: the raw `Store` operations and their atomicity,
 * the documents (`DocumentStore`) with their compare-and-set across two store instances, and the
 * environments service (revisions, refs, tags, retraction, deletion protection, labels,
 * secrets, imports, audit, pagination) over that store. Each test gets a fresh store from
 * `createStore` and calls `cleanup` afterwards.
 */
export function runStoreContract(
  name: string,
  createStore: CreateStore,
  options: StoreContractOptions = {},
): void {
  describe(`${name} store contract`, () => {
    const skip = options.skip ?? {};
    const used = new Set<string>();
    const context = createContext(createStore, skip, used, options.masterKeys);
    registerStoreTests(context);
    registerDocumentTests(context);
    registerServiceTests(context);
    registerSecretsTests(context);
    registerTranscriptTests(context);
    const unknown = Object.keys(skip).filter((test) => !used.has(test));
    if (unknown.length > 0) {
      it('declares only gaps that exist', () => {
        throw new Error(`skip names unknown tests: ${unknown.join(', ')}`);
      });
    }
  });
}
