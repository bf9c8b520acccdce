import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Accounts } from '@strata/core';
import { createSqliteStore } from '@strata/store-sqlite';
import { e2eSuite } from './_e2e-suite.js';
import { BIN } from './_helpers.js';

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

    const masterKey = randomBytes(32).toString('base64');
    const server = spawn(
      process.execPath,
      [BIN, 'serve', '--backend', `sqlite://${path}`, '--listen', '127.0.0.1:0'],
      {
        env: { PATH: process.env['PATH'] ?? '', HOME: dir, STRATA_MASTER_KEY: masterKey },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      server.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match !== null) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`strata serve exited (${code}): ${stderr}`)));
    });
    return {
      url,
      env: { STRATA_TOKEN: token },
      server: true,
      stop: async () => {
        // SIGTERM: the server finishes what is in flight, closes the store and exits 0.
        const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        expect(await exited).toBe(0);
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  'binary',
);
