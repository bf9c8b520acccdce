import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Accounts } from '@strata/core';
import { createSqliteStore } from '@strata/store-sqlite';
import { e2eSuite } from './_e2e-suite.js';
import { startServe } from './_serve.js';

// The whole end-to-end suite again, every command going through `strata serve` (the real binary)
// on loopback: the CLI logged in to a server prints what it prints on a local backend.

e2eSuite(
  'a server',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-cli-server-'));
    const path = join(dir, 'envs.db');
    // The organizations the suite uses, with its user a member of each: what an admin sets up.
    const store = createSqliteStore({ path });
    const accounts = new Accounts(store);
    const { token } = await accounts.initialize({ admin: 'tester', org: 'default' });
    await accounts.createOrg('other', 'tester');
    await accounts.createOrg('legacy', 'tester');
    await store.close();

    const server = await startServe(['--backend', `sqlite://${path}`], {
      PATH: process.env['PATH'] ?? '',
      HOME: dir,
      STRATA_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    return {
      url: server.url,
      env: { STRATA_TOKEN: token },
      server: true,
      stop: async () => {
        // SIGTERM: the server finishes what is in flight, closes the store and exits 0.
        expect(await server.stop()).toBe(0);
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  'binary',
);
