import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@strata/core';
import {
  InvalidArgumentError,
  StoreCorruptError,
  StoreIoError,
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
} from '@strata/core';
import { SCHEMA_VERSION, createSqliteStore, defaultSqlitePath } from '../src/index.js';
import { APPLICATION_ID, MIGRATIONS } from '../src/_schema.js';

let dir: string;
let path: string;
const DEV = { org: 'acme', project: 'app', name: 'dev' };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-sqlite-'));
  path = join(dir, 'strata.db');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seeded(): Promise<Store> {
  const store = createSqliteStore({ path });
  const service = createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(7)) }),
  });
  await service.createEnvironment('acme/app/dev', {
    actor: 'alice',
    definition: 'values: {pw: {fn::secret: x}}\n',
  });
  return store;
}

function tamper(sql: string): void {
  const db = new Database(path);
  db.exec(sql);
  db.close();
}

async function caught(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('createSqliteStore', () => {
  it('creates one WAL database file at the latest schema version', async () => {
    await (await seeded()).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it.skipIf(process.platform === 'win32')(
    'creates the database and its -wal and -shm files readable by the owner only',
    async () => {
      const store = await seeded(); // open: the -wal and -shm files exist while it is
      for (const file of [path, `${path}-wal`, `${path}-shm`])
        expect({ file, mode: (await stat(file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
      await store.close();
    },
  );

  it('leaves the mode of an existing database file alone', async () => {
    await writeFile(path, '', { mode: 0o640 });
    await chmod(path, 0o640);
    await (await seeded()).close();
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it('reopens an existing database without migrating again', async () => {
    await (await seeded()).close();
    const store = createSqliteStore({ path });
    expect((await store.getEnvironment(DEV))?.value.createdBy).toBe('alice');
    await store.close();
  });

  it.each([
    [
      'XDG_DATA_HOME',
      { XDG_DATA_HOME: '/data', HOME: '/home/u' },
      join('/data', 'strata', 'strata.db'),
    ],
    ['HOME', { HOME: '/home/u' }, join('/home/u', '.local', 'share', 'strata', 'strata.db')],
  ])('defaults to the user data directory (%s)', (_, env, expected) => {
    expect(defaultSqlitePath(env)).toBe(expected);
  });

  it.each([
    [{ path: '' }, 'sqlite store: path must be a non-empty string'],
    [{ path, busyTimeoutMs: -1 }, 'sqlite store: busyTimeoutMs must be a non-negative integer'],
  ])('validates options up front: %j', (options, message) => {
    expect(() => createSqliteStore(options)).toThrow(new InvalidArgumentError(message));
  });
});

describe('data that is not ours', () => {
  it('refuses a database that belongs to another application', async () => {
    tamper('CREATE TABLE users (id INTEGER PRIMARY KEY)');
    const error = await caught(() => Promise.resolve(createSqliteStore({ path })));
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect(error.message).toBe(
      `corrupt database of ${path}: not a Strata database (it belongs to another application)`,
    );
  });

  it('refuses a file that is not a database', async () => {
    await writeFile(
      path,
      'this is not sqlite, just some text that is long enough to have a header'.repeat(20),
    );
    const error = await caught(() => Promise.resolve(createSqliteStore({ path })));
    expect(error).toBeInstanceOf(StoreIoError);
    expect(error.message).toContain(path);
  });

  it('refuses a database from a newer Strata', async () => {
    await (await seeded()).close();
    tamper('PRAGMA user_version = 99');
    const error = await caught(() => Promise.resolve(createSqliteStore({ path })));
    expect(error).toBeInstanceOf(StoreIoError);
    expect(error.message).toContain(
      `schema version 99, newer than this Strata supports (${SCHEMA_VERSION})`,
    );
  });

  it.each([
    [
      'metadata that is not JSON',
      "UPDATE environments SET record = '{oops'",
      (s: Store) => s.getEnvironment(DEV),
      'corrupt metadata of acme/app/dev: not valid JSON',
    ],
    [
      'metadata of the wrong shape',
      `UPDATE environments SET record = json_set(record, '$.deletionProtected', 'yes')`,
      (s: Store) => s.getEnvironment(DEV),
      'corrupt metadata of acme/app/dev: deletionProtected: Invalid input: expected boolean, received string',
    ],
    [
      'a revision with a bad time',
      "UPDATE revisions SET created_at = 'yesterday'",
      async (s: Store) => s.getRevision(DEV, (await s.getEnvironment(DEV))!.value.uid, 1),
      'corrupt revision 1 of acme/app/dev: created_at: expected an ISO 8601 UTC time',
    ],
    [
      'a listed revision with a bad rollback source',
      'UPDATE revisions SET copied_from = 0',
      async (s: Store) =>
        s.listRevisions(DEV, (await s.getEnvironment(DEV))!.value.uid, { limit: 5 }),
      'corrupt revision 1 of acme/app/dev: copied_from: Too small: expected number to be >=1',
    ],
    [
      'an audit event with a malformed action',
      "UPDATE audit SET action = 'Explode!'",
      (s: Store) => s.listAudit({ limit: 5 }),
      /^corrupt event .* of the audit log: action: Invalid string/,
    ],
    [
      'a keyring of the wrong shape',
      `UPDATE keyring SET record = '{"orgs": {"acme": "nope"}}'`,
      (s: Store) => s.getKeyring(),
      'corrupt keyring of the store: orgs.acme: Invalid input: expected array, received string',
    ],
  ])(
    'reading %s is a StoreCorruptError naming the environment and the object',
    async (_, sql, read, message) => {
      await (await seeded()).close();
      tamper(sql);
      const store = createSqliteStore({ path });
      try {
        const error = await caught(() => read(store));
        expect(error).toBeInstanceOf(StoreCorruptError);
        expect(error.message).toMatch(message);
      } finally {
        await store.close();
      }
    },
  );
});

describe('documents and schema 2', () => {
  it('migrates a schema 1 database: its data stays, documents and the org index are added', async () => {
    const v1 = new Database(path);
    v1.pragma(`application_id = ${APPLICATION_ID}`);
    v1.exec(MIGRATIONS[0]!);
    v1.pragma('user_version = 1');
    v1.prepare(
      `INSERT INTO audit (id, at, full_name, org, project, name, actor, action, revision, details)
       VALUES ('2024-01-02T03:04:05.000Z/01', '2024-01-02T03:04:05.000Z', 'acme/app/dev', 'acme',
               'app', 'dev', 'alice', 'open', NULL, '{}')`,
    ).run();
    v1.close();

    const store = createSqliteStore({ path });
    expect((await store.listAudit({ limit: 5 })).items.map((e) => e.actor)).toEqual(['alice']);
    const version = await store.putDocument('users', 'alice', { name: 'Alice' }, null);
    expect(await store.getDocument('users', 'alice')).toEqual({
      value: { name: 'Alice' },
      version,
    });
    await store.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // One organization's events are read in id order from the index, not the whole log.
    const plan = db
      .prepare<string[], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT * FROM audit WHERE org = ? AND id > ? ORDER BY id LIMIT 10',
      )
      .all('acme', '');
    expect(plan.map((row) => row.detail)).toEqual([
      'SEARCH audit USING INDEX audit_org (org=? AND id>?)',
    ]);
    db.close();
  });

  it('reading a document that is not JSON is a StoreCorruptError naming it', async () => {
    const store = createSqliteStore({ path });
    await store.putDocument('users', 'alice', { name: 'Alice' }, null);
    await store.close();
    tamper(`UPDATE documents SET value = '{oops'`);
    const reader = createSqliteStore({ path });
    try {
      for (const read of [
        () => reader.getDocument('users', 'alice'),
        () => reader.listDocuments('users', { limit: 5 }),
      ]) {
        const error = await caught(read);
        expect(error).toBeInstanceOf(StoreCorruptError);
        expect(error.message).toBe('corrupt document users/alice of the store: not valid JSON');
      }
    } finally {
      await reader.close();
    }
  });
});
