export { runCase, directoryLoader, type CaseResult, type CaseOverrides } from './run-case.js';
export { runCorpus, defaultCorpusDir, type CorpusResult } from './run-corpus.js';
export { rot128, testProviders, benchProvider, TEST_CONTEXT } from './test-providers.js';
