import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/index.js';
import { runStoreContract } from '@strata/store-testkit';

runStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'strata-sqlite-'));
  const path = join(dir, 'strata.db');
  return {
    store: createSqliteStore({ path }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
    openAnother: () => createSqliteStore({ path }),
  };
});
