import { closeSync, mkdirSync, openSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type {
  AuditEvent,
  EnvironmentKey,
  EnvironmentRecord,
  KeyringRecord,
  Page,
  RevisionInfo,
  Store,
} from '@strata/core';
import {
  InvalidArgumentError,
  NotFoundError,
  StoreIoError,
  StrataError,
  checkCollection,
  checkDocumentKey,
  documentJson,
  formatEnvironmentKey,
  pageOf,
  randomHex,
  resolveDataDir,
} from '@strata/core';
import { RowCache } from './_row-cache.js';
import { migrate } from './_schema.js';
import {
  parseAuditRow,
  parseDocumentRow,
  parseEnvironmentRow,
  parseKeyringRow,
  parseRevisionInfoRow,
  parseRevisionRow,
} from './_rows.js';

export interface SqliteStoreOptions {
  /** The database file; `<data dir>/strata.db` if absent (see `defaultSqlitePath`). */
  readonly path?: string;
  /** How long a write waits for another process's write to finish; 10000 ms if absent. */
  readonly busyTimeoutMs?: number;
  /**
   * The path of better-sqlite3's compiled addon (`better_sqlite3.node`), for a program that bundles
   * better-sqlite3's JavaScript and so moves it away from the addon. By default better-sqlite3
   * finds the addon itself.
   */
  readonly nativeBinding?: string;
}

/** `$XDG_DATA_HOME/strata/strata.db`, else `~/.local/share/strata/strata.db`. */
export function defaultSqlitePath(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return join(resolveDataDir(env), 'strata.db');
}

/**
 * Opens (creating and migrating if needed) a Strata store in one SQLite file. WAL mode lets
 * readers run beside a writer; every write is one immediate transaction, so several processes can
 * share the file and compare-and-set operations stay atomic across them.
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): Store {
  if (options.path !== undefined && (typeof options.path !== 'string' || options.path === '')) {
    throw new InvalidArgumentError('sqlite store: path must be a non-empty string');
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new InvalidArgumentError('sqlite store: busyTimeoutMs must be a non-negative integer');
  }
  const path = options.path ?? defaultSqlitePath();
  const db = io(path, () => {
    if (options.path === undefined) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    createPrivately(path);
    const opened = new Database(
      path,
      options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
    );
    try {
      opened.pragma(`busy_timeout = ${busyTimeoutMs}`);
      opened.pragma('journal_mode = WAL');
      // FULL: a write that returned survives power loss, not only a crashed process.
      opened.pragma('synchronous = FULL');
      opened.pragma('foreign_keys = ON');
      migrate(opened, path);
      return { opened, file: isFilePath(path) ? realpathSync(path) : undefined };
    } catch (error) {
      opened.close();
      throw error;
    }
  });
  return new SqliteStore(db.opened, path, db.file);
}

/** A path naming a file (not `:memory:` or a `file:` URI). */
function isFilePath(path: string): boolean {
  return path !== ':memory:' && !path.startsWith('file:');
}

/**
 * Creates the database file, empty, readable by its owner only (0600, like the master key file),
 * unless it exists. SQLite would create it 0644, and gives its -wal and -shm files the mode of the
 * database file. An existing file keeps its mode; any error is left for SQLite to report.
 */
function createPrivately(path: string): void {
  if (!isFilePath(path)) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch {
    // EEXIST (the usual case), or a path SQLite will refuse with its own message.
  }
}

const newVersion = (): string => randomHex(12);

const envKey = (name: string): string => `env:${name}`;
const documentKey = (collection: string, id: string): string => `doc:${collection}/${id}`;
const KEYRING_KEY = 'keyring';

/** A write that waits for the next group commit (see `writeUnsynced`). */
interface UnsyncedWrite {
  readonly write: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

class SqliteStore implements Store {
  private readonly prepared = new Map<keyof typeof SQL, Database.Statement>();
  private readonly rows: RowCache;
  private unsynced: UnsyncedWrite[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    /** The database file's real path, when it is a file. */
    file: string | undefined,
  ) {
    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.rows = new RowCache(() => dataVersion.get() as number, file);
  }

  private statement(name: keyof typeof SQL): Database.Statement {
    let statement = this.prepared.get(name);
    if (statement === undefined) {
      statement = this.db.prepare(SQL[name]);
      this.prepared.set(name, statement);
    }
    return statement;
  }

  createEnvironment(
    ...[env, record, first, audit]: Parameters<Store['createEnvironment']>
  ): Promise<boolean> {
    return this.run(() =>
      this.db
        .transaction(() => {
          const name = formatEnvironmentKey(env);
          this.rows.forget(envKey(name));
          if (this.statement('envExists').get(name)) return false;
          this.statement('insertEnv').run(
            name,
            env.org,
            env.project,
            env.name,
            record.uid,
            newVersion(),
            JSON.stringify(record),
          );
          this.statement('insertRevision').run(
            record.uid,
            first.number,
            Buffer.from(first.definition),
            first.author,
            first.createdAt,
            first.copiedFrom,
          );
          if (audit !== undefined) this.insertAudit(audit);
          return true;
        })
        .immediate(),
    );
  }

  getEnvironment(env: EnvironmentKey): ReturnType<Store['getEnvironment']> {
    return this.run(() => {
      const name = formatEnvironmentKey(env);
      const head = this.rows.read(envKey(name), () => {
        const row = this.statement('getHead').get(name) as { latest?: unknown } | undefined;
        if (row === undefined) return undefined;
        const { record, version } = parseEnvironmentRow(row, name);
        const latest = typeof row.latest === 'number' ? row.latest : 0;
        return { record, version, latest };
      });
      if (head === undefined) return undefined;
      const value = JSON.parse(head.record) as EnvironmentRecord;
      return { value, version: head.version, latest: head.latest };
    });
  }

  updateEnvironment(
    ...[env, record, expectedVersion]: Parameters<Store['updateEnvironment']>
  ): Promise<string | null> {
    return this.run(() => {
      const version = newVersion();
      const name = formatEnvironmentKey(env);
      this.rows.forget(envKey(name));
      const { changes } = this.statement('updateEnv').run(
        version,
        JSON.stringify(record),
        name,
        expectedVersion,
        record.uid,
      );
      return changes === 1 ? version : null;
    });
  }

  deleteEnvironment(env: EnvironmentKey, expectedVersion: string): Promise<boolean> {
    return this.run(() =>
      this.db
        .transaction(() => {
          const name = formatEnvironmentKey(env);
          this.rows.forget(envKey(name));
          const row = this.statement('getEnv').get(name) as
            { uid?: unknown; version?: unknown } | undefined;
          if (row?.version !== expectedVersion) return false;
          this.statement('deleteRevisions').run(row.uid);
          this.statement('deleteEnv').run(name);
          return true;
        })
        .immediate(),
    );
  }

  listEnvironments(
    ...[options]: Parameters<Store['listEnvironments']>
  ): Promise<Page<EnvironmentKey>> {
    return this.run(() => {
      const { where, params } = conditions([
        ['org = ?', options.org],
        ['project = ?', options.project],
        ['full_name > ?', options.after],
      ]);
      // Each listing reads one row more than the page: pageOf tells from it whether more follow.
      const rows = this.db
        .prepare<unknown[], { full_name: string; org: string; project: string; name: string }>(
          `SELECT full_name, org, project, name FROM environments
           ${where} ORDER BY full_name LIMIT ?`,
        )
        .all(...params, options.limit + 1);
      return pageOf(
        rows.map((r) => ({ org: String(r.org), project: String(r.project), name: String(r.name) })),
        options,
        formatEnvironmentKey,
      );
    });
  }

  appendRevision(
    ...[env, uid, revision, audit]: Parameters<Store['appendRevision']>
  ): Promise<boolean> {
    return this.run(() =>
      this.db
        .transaction(() => {
          const name = formatEnvironmentKey(env);
          // Its head names the latest revision.
          this.rows.forget(envKey(name));
          if (!this.statement('envWithUid').get(name, uid))
            throw new NotFoundError(`environment ${name} not found`);
          const { changes } = this.statement('insertRevision').run(
            uid,
            revision.number,
            Buffer.from(revision.definition),
            revision.author,
            revision.createdAt,
            revision.copiedFrom,
          );
          if (changes === 1 && audit !== undefined) this.insertAudit(audit);
          return changes === 1;
        })
        .immediate(),
    );
  }

  getRevision(
    env: EnvironmentKey,
    uid: string,
    revision: number,
  ): ReturnType<Store['getRevision']> {
    return this.run(() => {
      const name = formatEnvironmentKey(env);
      const row = this.statement('getRevision').get(name, uid, revision);
      return row === undefined ? undefined : parseRevisionRow(row, name, revision);
    });
  }

  getLatestRevision(env: EnvironmentKey, uid: string): Promise<number> {
    return this.run(() => {
      const row = this.statement('latest').get(formatEnvironmentKey(env), uid) as
        { latest: unknown } | undefined;
      return typeof row?.latest === 'number' ? row.latest : 0;
    });
  }

  listRevisions(
    ...[env, uid, options]: Parameters<Store['listRevisions']>
  ): Promise<Page<RevisionInfo>> {
    return this.run(() => {
      const name = formatEnvironmentKey(env);
      const after = options.after === undefined ? 0 : Number(options.after);
      const rows = this.statement('listRevisions').all(
        name,
        uid,
        Number.isFinite(after) ? after : 0,
        options.limit + 1,
      );
      return pageOf(
        rows.map((row) => parseRevisionInfoRow(row, name)),
        options,
        (r) => String(r.number),
      );
    });
  }

  appendAudit(event: AuditEvent): Promise<void> {
    // An event on its own (an open, a tag move) does not wait for the disk: it is safe from a
    // crashed process at once, and from power loss at the next revision write or when the store
    // closes, whose checkpoint syncs the log. Revisions keep `synchronous = FULL`.
    return this.writeUnsynced(() => {
      this.insertAudit(event);
    });
  }

  /**
   * Runs `write` in the next group commit: every such write issued while the event loop runs
   * other work (concurrent requests' audit events and open sessions) shares one transaction that
   * does not wait for the disk (WAL with `synchronous = NORMAL`): safe from a crashed process at
   * once, and from power loss from the next synced write or checkpoint on. The promise settles
   * after the COMMIT.
   */
  private writeUnsynced<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.unsynced.length === 0) setImmediate(() => this.commitUnsynced());
      this.unsynced.push({ write, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private commitUnsynced(): void {
    const batch = this.unsynced;
    if (batch.length === 0) return;
    this.unsynced = [];
    let results: unknown[];
    try {
      results = io(this.path, () =>
        this.withoutSync(() =>
          this.db.transaction(() => batch.map((job) => job.write())).immediate(),
        ),
      );
    } catch {
      // Something in the batch failed, and the transaction stored none of it: each write again
      // on its own, so only the one at fault fails.
      for (const job of batch) {
        try {
          job.resolve(io(this.path, () => this.withoutSync(job.write)));
        } catch (error) {
          job.reject(error);
        }
      }
      return;
    }
    batch.forEach((job, i) => job.resolve(results[i]));
  }

  /** Runs `write` with `synchronous = NORMAL`, then restores FULL. */
  private withoutSync<T>(write: () => T): T {
    this.statement('syncNormal').run();
    try {
      return write();
    } finally {
      this.statement('syncFull').run();
    }
  }

  private insertAudit(event: AuditEvent): void {
    this.statement('insertAudit').run(
      event.id,
      event.at,
      formatEnvironmentKey(event.env),
      event.env.org,
      event.env.project,
      event.env.name,
      event.actor,
      event.action,
      event.revision,
      JSON.stringify(event.details),
    );
  }

  listAudit(...[options]: Parameters<Store['listAudit']>): Promise<Page<AuditEvent>> {
    return this.run(() => {
      const { env, org } = options;
      if (env !== undefined && org !== undefined && env.org !== org) return { items: [] };
      // Indexed: audit_env (full_name, id) for one environment, audit_org (org, id) for one org.
      const { where, params } = conditions([
        ['full_name = ?', env && formatEnvironmentKey(env)],
        ['org = ?', env === undefined ? org : undefined],
        ['at >= ?', options.since],
        ['at < ?', options.until],
        ['id > ?', options.after],
      ]);
      const rows = this.db
        .prepare(`SELECT * FROM audit ${where} ORDER BY id LIMIT ?`)
        .all(...params, options.limit + 1);
      return pageOf(rows.map(parseAuditRow), options, (e) => e.id);
    });
  }

  getKeyring(): ReturnType<Store['getKeyring']> {
    return this.run(() => {
      const keyring = this.rows.read(KEYRING_KEY, () => {
        const row = this.statement('getKeyring').get();
        if (row === undefined) return undefined;
        const { version } = parseKeyringRow(row);
        return { version, record: (row as { record: string }).record };
      });
      if (keyring === undefined) return undefined;
      return { value: JSON.parse(keyring.record) as KeyringRecord, version: keyring.version };
    });
  }

  putKeyring(record: KeyringRecord, expectedVersion: string | null): Promise<string | null> {
    return this.run(() => {
      this.rows.forget(KEYRING_KEY);
      const version = newVersion();
      const { changes } =
        expectedVersion === null
          ? this.statement('insertKeyring').run(version, JSON.stringify(record))
          : this.statement('updateKeyring').run(version, JSON.stringify(record), expectedVersion);
      return changes === 1 ? version : null;
    });
  }

  getDocument(collection: string, id: string): ReturnType<Store['getDocument']> {
    return this.run(() => {
      checkDocumentKey(collection, id);
      const document = this.rows.read(documentKey(collection, id), () => {
        const row = this.statement('getDocument').get(collection, id);
        if (row === undefined) return undefined;
        const { version } = parseDocumentRow(row, collection);
        return { version, json: (row as { value: string }).value };
      });
      if (document === undefined) return undefined;
      return { value: JSON.parse(document.json) as unknown, version: document.version };
    });
  }

  async putDocument(
    ...[collection, id, value, expectedVersion, options]: Parameters<Store['putDocument']>
  ): Promise<string | null> {
    checkDocumentKey(collection, id);
    const json = documentJson(value);
    // One statement each: the insert and the version-checked update are atomic on their own.
    const write = (): string | null => {
      const version = newVersion();
      this.rows.forget(documentKey(collection, id));
      const { changes } =
        expectedVersion === null
          ? this.statement('insertDocument').run(collection, id, version, json)
          : this.statement('updateDocument').run(version, json, collection, id, expectedVersion);
      return changes === 1 ? version : null;
    };
    return await (options?.ephemeral === true ? this.writeUnsynced(write) : this.run(write));
  }

  deleteDocument(collection: string, id: string, expectedVersion: string): Promise<boolean> {
    return this.run(() => {
      checkDocumentKey(collection, id);
      this.rows.forget(documentKey(collection, id));
      return this.statement('deleteDocument').run(collection, id, expectedVersion).changes === 1;
    });
  }

  listDocuments(
    ...[collection, options]: Parameters<Store['listDocuments']>
  ): ReturnType<Store['listDocuments']> {
    return this.run(() => {
      checkCollection(collection);
      const rows =
        options.after === undefined
          ? this.statement('listDocuments').all(collection, options.limit + 1)
          : this.statement('listDocumentsAfter').all(collection, options.after, options.limit + 1);
      return pageOf(
        rows.map((row) => {
          const { id, value } = parseDocumentRow(row, collection);
          return { id, value };
        }),
        options,
        (d) => d.id,
      );
    });
  }

  close(): Promise<void> {
    return this.run(() => {
      if (!this.db.open) return;
      // Writes waiting for their group commit are stored first.
      this.commitUnsynced();
      this.db.close();
    });
  }

  /** Runs a synchronous database call as a promise, wrapping driver errors in StoreIoError. */
  private run<T>(body: () => T): Promise<T> {
    return new Promise<T>((resolve) => resolve(io(this.path, body)));
  }
}

/** Every statement the store runs. Each is prepared on first use: a command needs only a few. */
const SQL = {
  syncNormal: 'PRAGMA synchronous = NORMAL',
  syncFull: 'PRAGMA synchronous = FULL',
  envExists: 'SELECT 1 FROM environments WHERE full_name = ?',
  envWithUid: 'SELECT 1 FROM environments WHERE full_name = ? AND uid = ?',
  getEnv: 'SELECT org, project, name, uid, version, record FROM environments WHERE full_name = ?',
  // One statement, so the record and the latest number are read from one snapshot.
  getHead: `SELECT org, project, name, uid, version, record,
     (SELECT max(number) FROM revisions WHERE env_uid = e.uid) AS latest
     FROM environments e WHERE full_name = ?`,
  insertEnv:
    'INSERT INTO environments (full_name, org, project, name, uid, version, record) VALUES (?, ?, ?, ?, ?, ?, ?)',
  updateEnv:
    'UPDATE environments SET version = ?, record = ? WHERE full_name = ? AND version = ? AND uid = ?',
  deleteEnv: 'DELETE FROM environments WHERE full_name = ?',
  deleteRevisions: 'DELETE FROM revisions WHERE env_uid = ?',
  insertRevision: `INSERT INTO revisions (env_uid, number, definition, author, created_at, copied_from)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  getRevision: `SELECT r.number, r.definition, r.author, r.created_at, r.copied_from
     FROM revisions r JOIN environments e ON e.uid = r.env_uid
     WHERE e.full_name = ? AND r.env_uid = ? AND r.number = ?`,
  latest: `SELECT max(r.number) AS latest FROM revisions r JOIN environments e ON e.uid = r.env_uid
     WHERE e.full_name = ? AND r.env_uid = ?`,
  listRevisions: `SELECT r.number, r.author, r.created_at, r.copied_from
     FROM revisions r JOIN environments e ON e.uid = r.env_uid
     WHERE e.full_name = ? AND r.env_uid = ? AND r.number > ? ORDER BY r.number LIMIT ?`,
  insertAudit: `INSERT INTO audit (id, at, full_name, org, project, name, actor, action, revision, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  getKeyring: 'SELECT version, record FROM keyring WHERE id = 1',
  insertKeyring:
    'INSERT INTO keyring (id, version, record) VALUES (1, ?, ?) ON CONFLICT DO NOTHING',
  updateKeyring: 'UPDATE keyring SET version = ?, record = ? WHERE id = 1 AND version = ?',
  getDocument: 'SELECT id, version, value FROM documents WHERE collection = ? AND id = ?',
  insertDocument: `INSERT INTO documents (collection, id, version, value) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  updateDocument:
    'UPDATE documents SET version = ?, value = ? WHERE collection = ? AND id = ? AND version = ?',
  deleteDocument: 'DELETE FROM documents WHERE collection = ? AND id = ? AND version = ?',
  listDocuments: `SELECT id, version, value FROM documents WHERE collection = ?
     ORDER BY id LIMIT ?`,
  listDocumentsAfter: `SELECT id, version, value FROM documents WHERE collection = ? AND id > ?
     ORDER BY id LIMIT ?`,
} as const;

/** A WHERE clause of the conditions whose value is defined. */
function conditions(pairs: [string, string | undefined][]): { where: string; params: string[] } {
  const used = pairs.filter((p): p is [string, string] => p[1] !== undefined);
  return {
    where: used.length > 0 ? `WHERE ${used.map(([sql]) => sql).join(' AND ')}` : '',
    params: used.map(([, value]) => value),
  };
}

/** Runs a driver call; our own errors pass through, driver errors become StoreIoError. */
function io<T>(path: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof StrataError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreIoError(`sqlite store ${path}: ${message}`, { cause: error });
  }
}
