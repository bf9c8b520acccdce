export { runCase, directoryLoader, type CaseResult, type CaseOverrides } from './run-case.js';
export { runCorpus, type CorpusResult } from './run-corpus.js';
export { defaultCorpusDir, corpusCases } from './corpus-dir.js';
export { rot128, testProviders, benchProvider, TEST_CONTEXT } from './test-providers.js';
