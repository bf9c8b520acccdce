import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnvironmentsService, createKeyring, createMasterKey } from '@strata/core';
import { createSqliteStore } from '../src/index.js';

// The audit log's hash chains against edits made directly in the SQLite file: a deleted event,
// an edited one, one whose chain details were stripped, and the newest one deleted.

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-audit-chain-'));
  path = join(dir, 'strata.db');
  const store = createSqliteStore({ path });
  const service = createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(7)) }),
  });
  await service.createEnvironment('acme/app/dev', {
    actor: 'alice',
    definition: 'values: {a: 1}\n',
  });
  for (let i = 2; i <= 4; i++)
    await service.updateDefinition('acme/app/dev', `values: {a: ${i}}\n`, {
      actor: 'bob',
      basedOn: i - 1,
    });
  await service.open('acme/app/dev', { actor: 'carol' });
  await service.createEnvironment('other/app/dev', { actor: 'dave' });
  expect(await service.verifyAudit()).toMatchObject({ ok: true, events: 6, chains: 2 });
  // What every host does before closing the store: the chain heads catch up with their events.
  await service.flush();
  await store.close();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs SQL on the file, then verifies with a fresh store: what `strata audit verify` does. */
async function verifyAfter(sql: string, org?: string) {
  const db = new Database(path);
  db.exec(sql);
  db.close();
  const store = createSqliteStore({ path });
  try {
    const service = createEnvironmentsService({
      store,
      keyring: createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(7)) }),
    });
    return await service.verifyAudit(org === undefined ? {} : { org });
  } finally {
    await store.close();
  }
}

const nth = (n: number) =>
  `(SELECT id FROM audit WHERE org = 'acme' ORDER BY id LIMIT 1 OFFSET ${n})`;

describe('audit verify on a SQLite file', () => {
  it('follows concurrent appends, spread over several chains of one process', async () => {
    const store = createSqliteStore({ path });
    const service = createEnvironmentsService({
      store,
      keyring: createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(7)) }),
    });
    // 30 events at once: each chain takes one at a time, so they spread over the 8 a process keeps.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        service.recordAudit({
          action: 'open',
          env: { org: 'acme', project: 'app', name: 'dev' },
          actor: `u${i}`,
          revision: 4,
        }),
      ),
    );
    const result = await service.verifyAudit({ org: 'acme' });
    await store.close();
    expect(result).toMatchObject({ ok: true, events: 35, problems: [] });
    // The set-up's chain, and this process's eight.
    expect(result.chains).toBe(9);
  });

  it('names the event after one deleted from the middle of a chain', async () => {
    const result = await verifyAfter(`DELETE FROM audit WHERE id = ${nth(1)}`);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        org: 'acme',
        problem: 'the event before it in its chain is missing (number 2)',
      }),
    ]);
  });

  it('names an event whose content was edited', async () => {
    const db = new Database(path);
    const id = (
      db.prepare(`SELECT id FROM audit WHERE org = 'acme' ORDER BY id LIMIT 1 OFFSET 2`).get() as {
        id: string;
      }
    ).id;
    db.close();
    const result = await verifyAfter(`UPDATE audit SET actor = 'mallory' WHERE id = '${id}'`);
    expect(result.problems).toEqual([
      {
        org: 'acme',
        chain: expect.any(String) as unknown,
        event: id,
        problem: 'was altered: its content does not match its hash',
      },
    ]);
  });

  it('notices the newest events deleted, and chain details stripped', async () => {
    const last = await verifyAfter(`DELETE FROM audit WHERE id = ${nth(4)}`, 'acme');
    expect(last.problems.map((p) => p.problem)).toEqual([
      "the chain's newest event is missing after it (its head names number 5)",
    ]);
    const stripped = await verifyAfter(
      `UPDATE audit SET details = json_remove(details, '$.chain', '$.seq', '$.prev', '$.hash') WHERE id = ${nth(2)}`,
      'acme',
    );
    expect(stripped.problems.map((p) => p.problem)).toEqual(
      expect.arrayContaining([
        'is in no chain, though written after chaining began (its chain details were removed)',
      ]),
    );
  });

  it('notices a whole chain deleted while its head remains', async () => {
    const result = await verifyAfter(`DELETE FROM audit WHERE org = 'other'`);
    expect(result.problems).toEqual([
      {
        org: 'other',
        chain: expect.any(String) as unknown,
        problem: 'every event of the chain is missing (its head names 1)',
      },
    ]);
  });
});
