import { createMemoryStore } from '@strata/core';
import { runStoreContract } from '../src/index.js';

runStoreContract('memory', () =>
  Promise.resolve({ store: createMemoryStore(), cleanup: () => Promise.resolve() }),
);
