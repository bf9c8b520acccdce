import { BoundedMap } from '@strata/core';

/**
 * Rows this connection has read and checked (environment heads, documents, the keyring), kept
 * until the file changes under them. SQLite's `PRAGMA data_version` changes whenever another
 * connection (another process, or another store on the same file) commits, so any such commit
 * drops every entry; this connection's own writes drop the entries they touch. A read then costs
 * a look at the WAL index instead of a query and a schema check: what a server answering the same
 * tokens, users and environments many times a second spends most of its reads on.
 *
 * Entries hold the checked row's JSON text, never a parsed object: every read parses its own
 * copy, so a caller that changes what it was given changes nothing for others.
 */
export class RowCache {
  private seenVersion: number | undefined;
  /** The version was looked at in the code running now (reset once it yields). */
  private checked = false;
  private readonly rows: BoundedMap<unknown>;

  constructor(
    /** This connection's `PRAGMA data_version`. */
    private readonly dataVersion: () => number,
    limit = 10_000,
  ) {
    this.rows = new BoundedMap(limit);
  }

  /** The row under `key`, from memory if nobody has written the file since; `load` otherwise. */
  read<T>(key: string, load: () => T | undefined): T | undefined {
    if (!this.checked) {
      // One look per run of synchronous code (reads issued together, as for an import level):
      // no other process's write can be learned of before it ends, so none can be missed.
      this.checked = true;
      queueMicrotask(() => (this.checked = false));
      const version = this.dataVersion();
      if (version !== this.seenVersion) {
        this.rows.clear();
        this.seenVersion = version;
      }
    }
    const cached = this.rows.get(key);
    if (cached !== undefined) return cached as T;
    const loaded = load();
    // An absent row is not kept: unknown keys (a guessed token) must not crowd out known ones.
    if (loaded !== undefined) this.rows.set(key, loaded);
    return loaded;
  }

  /** Drops `key`: this connection is writing it. */
  forget(key: string): void {
    this.rows.delete(key);
  }
}
