import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent, EnvironmentRecord } from '@strata/core';
import { createSqliteStore } from '../src/index.js';

// A store keeps the rows it read until the file changes (its own writes, or another connection's
// commit), and stores the writes that need not wait for the disk (audit events, open sessions)
// in shared transactions. Neither may change what a caller sees.

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-sqlite-cache-'));
  path = join(dir, 'strata.db');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DEV = { org: 'acme', project: 'app', name: 'dev' };
const record = (uid: string): EnvironmentRecord => ({
  uid,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'alice',
  tags: {},
  labels: {},
  retractions: {},
  deletionProtected: false,
});

function event(n: number): AuditEvent {
  return {
    id: `2026-01-01T00:00:00.000Z/${String(n).padStart(16, '0')}`,
    at: '2026-01-01T00:00:00.000Z',
    actor: `u${n}`,
    action: 'open',
    env: DEV,
    revision: 1,
    details: {},
  };
}

describe('reads kept in memory', () => {
  it('see another process’s writes at once (documents, environment heads)', async () => {
    const a = createSqliteStore({ path });
    const b = createSqliteStore({ path });
    const v1 = await a.putDocument('users', 'jane', { name: 'Jane' }, null);
    expect((await a.getDocument('users', 'jane'))?.value).toEqual({ name: 'Jane' });
    await b.putDocument('users', 'jane', { name: 'Jane Doe' }, v1);
    expect((await a.getDocument('users', 'jane'))?.value).toEqual({ name: 'Jane Doe' });
    await b.deleteDocument('users', 'jane', (await b.getDocument('users', 'jane'))!.version);
    expect(await a.getDocument('users', 'jane')).toBeUndefined();

    await a.createEnvironment(DEV, record('u1'), {
      number: 1,
      definition: new TextEncoder().encode('values: {}\n'),
      author: 'alice',
      createdAt: '2026-01-01T00:00:00.000Z',
      copiedFrom: null,
    });
    expect((await a.getEnvironment(DEV))?.latest).toBe(1);
    await b.appendRevision(DEV, 'u1', {
      number: 2,
      definition: new TextEncoder().encode('values: {a: 1}\n'),
      author: 'bob',
      createdAt: '2026-01-01T00:00:01.000Z',
      copiedFrom: null,
    });
    expect((await a.getEnvironment(DEV))?.latest).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it('see a change made to the file by hand, and still check what they read', async () => {
    const store = createSqliteStore({ path });
    await store.putDocument('users', 'jane', { name: 'Jane' }, null);
    await store.getDocument('users', 'jane');
    const db = new Database(path);
    db.prepare(`UPDATE documents SET value = '{"name":' WHERE id = 'jane'`).run();
    db.close();
    // As from another process: learnt of by a later event (here a timer).
    await new Promise((resolve) => setImmediate(resolve));
    await expect(store.getDocument('users', 'jane')).rejects.toThrow(/not valid JSON/);
    await store.close();
  });

  it('see another connection’s commit from the next event on, and their own store’s neighbours’ at once', async () => {
    const store = createSqliteStore({ path });
    await store.putDocument('users', 'jane', { name: 'Jane' }, null);
    expect((await store.getDocument('users', 'jane'))?.value).toEqual({ name: 'Jane' });
    // A connection that is not a store of this process (as another process's would be).
    const db = new Database(path);
    db.prepare(`UPDATE documents SET value = '{"name":"Jane Doe"}' WHERE id = 'jane'`).run();
    db.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.getDocument('users', 'jane'))?.value).toEqual({ name: 'Jane Doe' });

    // Another store of this process on the same file: seen within the same event.
    const other = createSqliteStore({ path });
    const doc = await store.getDocument('users', 'jane');
    await other.putDocument('users', 'jane', { name: 'J. Doe' }, doc!.version);
    expect((await store.getDocument('users', 'jane'))?.value).toEqual({ name: 'J. Doe' });
    await Promise.all([store.close(), other.close()]);
  });
});

describe('writes that do not wait for the disk', () => {
  it('are stored together, each caller told once its write is committed', async () => {
    const store = createSqliteStore({ path });
    const writes = [
      ...Array.from({ length: 40 }, (_, i) => store.appendAudit(event(i))),
      ...Array.from({ length: 40 }, (_, i) =>
        store.putDocument('open-sessions', `s${i}`, { n: i }, null, { ephemeral: true }),
      ),
    ];
    await Promise.all(writes);
    // Committed: another connection sees every one.
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 40 });
    expect(
      db.prepare(`SELECT count(*) AS n FROM documents WHERE collection = 'open-sessions'`).get(),
    ).toEqual({ n: 40 });
    db.close();
    await store.close();
  });

  it('fail one by one: a write that cannot be stored fails alone', async () => {
    const store = createSqliteStore({ path });
    await store.appendAudit(event(1));
    const results = await Promise.allSettled([
      store.appendAudit(event(2)),
      store.appendAudit(event(1)), // the same id again
      store.putDocument('open-sessions', 's', { n: 1 }, null, { ephemeral: true }),
      store.putDocument('open-sessions', 's', { n: 2 }, null, { ephemeral: true }),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    // Compare-and-set holds within one commit: the second insert of `s` found it there.
    expect((results[2] as PromiseFulfilledResult<string | null>).value).toEqual(expect.any(String));
    expect((results[3] as PromiseFulfilledResult<string | null>).value).toBeNull();
    expect((await store.getDocument('open-sessions', 's'))?.value).toEqual({ n: 1 });
    expect((await store.listAudit({ limit: 10 })).items.map((e) => e.actor)).toEqual(['u1', 'u2']);
    await store.close();
  });

  it('are stored when the store closes before their commit', async () => {
    const store = createSqliteStore({ path });
    const pending = store.appendAudit(event(7));
    await store.close();
    await pending;
    const reopened = createSqliteStore({ path });
    expect((await reopened.listAudit({ limit: 10 })).items.map((e) => e.actor)).toEqual(['u7']);
    await reopened.close();
  });
});
