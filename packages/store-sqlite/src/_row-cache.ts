import { BoundedMap } from '@strata/core';

/**
 * How many times a connection of this process wrote a cached row of each database file: when the
 * count moved, a connection's next read looks at `data_version` again (see `RowCache.forget`).
 */
const writesByFile = new Map<string, { count: number }>();

/**
 * Rows this connection has read and checked (environment heads, documents, the keyring), kept
 * until the file changes under them. SQLite's `PRAGMA data_version` changes whenever another
 * connection (another process, or another store on the same file) commits, so any such commit
 * drops every entry; this connection's own writes drop the entries they touch. A read then costs
 * a look at the WAL index instead of a query and a schema check: what a server answering the same
 * tokens, users and environments many times a second spends most of its reads on.
 *
 * One look at `data_version` serves all the reads of one event (an I/O callback, a timer, with
 * the microtasks it queues): what another process committed before a request was sent is seen by
 * that request, whose arrival is a new event. Within one event, rows read from the cache may be
 * older than what a query that bypasses it (a listing) shows; every write is a compare-and-set,
 * so none is lost to that. A store of this process on the same file counts its writes where the
 * others see them, so they look again at their next read.
 *
 * Entries hold the checked row's JSON text, never a parsed object: every read parses its own
 * copy, so a caller that changes what it was given changes nothing for others.
 */
export class RowCache {
  private seenVersion: number | undefined;
  /** The version was looked at during the event running now (reset once its microtasks ran). */
  private checked = false;
  private readonly rows: BoundedMap<unknown>;
  /** This file's writes by this process's connections, and the count at the last look. */
  private readonly writes: { count: number };
  private seenWrites = 0;

  constructor(
    /** This connection's `PRAGMA data_version`. */
    private readonly dataVersion: () => number,
    /** The database file (its real path), shared with this process's other connections to it. */
    file: string | undefined,
    limit = 10_000,
  ) {
    this.rows = new BoundedMap(limit);
    let writes = file === undefined ? undefined : writesByFile.get(file);
    if (writes === undefined) {
      writes = { count: 0 };
      if (file !== undefined) writesByFile.set(file, writes);
    }
    this.writes = writes;
  }

  /** The row under `key`, from memory if nobody has written the file since; `load` otherwise. */
  read<T>(key: string, load: () => T | undefined): T | undefined {
    if (!this.checked || this.seenWrites !== this.writes.count) {
      this.checked = true;
      this.seenWrites = this.writes.count;
      // A tick queued from a microtask runs once the microtask queue is empty: the end of the
      // event's work.
      queueMicrotask(() => process.nextTick(() => (this.checked = false)));
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

  /**
   * Drops `key`: this connection is writing it. The other connections of this process to the
   * file look at `data_version` again at their next read.
   */
  forget(key: string): void {
    this.rows.delete(key);
    this.writes.count++;
  }
}
