import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eSuite } from './_e2e-suite.js';

e2eSuite(
  'SQLite',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-cli-sqlite-'));
    return {
      url: `sqlite://${join(dir, 'envs.db')}`,
      stop: () => rm(dir, { recursive: true, force: true }),
    };
  },
  'binary',
);
