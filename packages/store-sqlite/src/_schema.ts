import type Database from 'better-sqlite3';
import { StoreCorruptError, StoreIoError } from '@strata/core';

/** `PRAGMA application_id` of a Strata database: "STRA". */
export const APPLICATION_ID = 0x53545241;

/** Migrations by the `user_version` they produce; append only, never edit a shipped one. */
export const MIGRATIONS: readonly string[] = [
  // 1: the first schema.
  `
  CREATE TABLE environments (
    full_name TEXT PRIMARY KEY,          -- org/project/name: the listing order
    org       TEXT NOT NULL,
    project   TEXT NOT NULL,
    name      TEXT NOT NULL,
    uid       TEXT NOT NULL UNIQUE,      -- revisions belong to it
    version   TEXT NOT NULL,             -- random token, replaced on every update
    record    TEXT NOT NULL              -- EnvironmentRecord as JSON
  ) STRICT;
  CREATE INDEX environments_org_project ON environments (org, project, full_name);

  CREATE TABLE revisions (
    env_uid     TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    definition  BLOB    NOT NULL,
    author      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    copied_from INTEGER,
    PRIMARY KEY (env_uid, number)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE audit (
    id        TEXT PRIMARY KEY,            -- <at>/<random>: sorts by time
    at        TEXT NOT NULL,
    full_name TEXT NOT NULL,
    org       TEXT NOT NULL,
    project   TEXT NOT NULL,
    name      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    revision  INTEGER,
    details   TEXT NOT NULL                -- JSON object of strings
  ) STRICT;
  CREATE INDEX audit_env ON audit (full_name, id);

  CREATE TABLE keyring (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version TEXT NOT NULL,
    record  TEXT NOT NULL                  -- KeyringRecord as JSON
  ) STRICT;
  `,
  // 2: the server's documents (users, organizations, tokens, open sessions); one organization's
  // audit log in id order.
  `
  CREATE TABLE documents (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    version    TEXT NOT NULL,              -- random token, replaced on every write
    value      TEXT NOT NULL,              -- the document as JSON
    PRIMARY KEY (collection, id)
  ) STRICT, WITHOUT ROWID;

  CREATE INDEX audit_org ON audit (org, id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema up to date in one immediate transaction, so processes opening a new file
 * at once migrate it once. Refuses databases that belong to something else or to a newer Strata.
 */
export function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    const appId = db.pragma('application_id', { simple: true });
    const version = db.pragma('user_version', { simple: true });
    if (typeof appId !== 'number' || typeof version !== 'number') {
      throw new StoreCorruptError(path, 'database', 'cannot read its schema version');
    }
    if (appId !== APPLICATION_ID) {
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .all();
      if (appId !== 0 || version !== 0 || tables.length > 0) {
        throw new StoreCorruptError(
          path,
          'database',
          'not a Strata database (it belongs to another application)',
        );
      }
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    if (version > SCHEMA_VERSION) {
      throw new StoreIoError(
        `the database ${path} has schema version ${version}, newer than this Strata supports (${SCHEMA_VERSION}); upgrade Strata`,
      );
    }
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
