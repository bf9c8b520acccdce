export type { StoreContractOptions } from './run-store-contract.js';
export { runStoreContract } from './run-store-contract.js';
export type { CreateStore, SkipList, StoreFixture } from './_context.js';
