export type { StoreContractOptions } from './run-store-contract.js';
export { runStoreContract } from './run-store-contract.js';
export type { ContractMasterKeys, CreateStore, SkipList, StoreFixture } from './_context.js';
export { startS3Server, type TestS3Server, type StartOptions } from './start-s3-server.js';
export { startTcpProxy, type TcpProxy } from './start-tcp-proxy.js';
