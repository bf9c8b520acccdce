import type { DocumentStore } from './store.js';

/** How `updateDocument` retries, and what it throws when it gives up. */
export interface UpdateDocumentOptions {
  /** How many times to read and write before giving up (each retry follows a lost race). */
  readonly attempts: number;
  /** The error to throw when every attempt lost to another writer. */
  readonly keptChanging: () => Error;
}

/**
 * Read-modify-write of one document: reads it with its version, computes its new value with
 * `change` and writes that only if the version is unchanged (compare-and-set). When another
 * writer got there first, it reads again and calls `change` again, so `change` must work from its
 * argument alone; it may throw to refuse. `change` gets undefined for a missing document (its
 * value then creates it) and returns undefined to write nothing. Returns what was written, or
 * undefined when nothing was.
 */
export async function updateDocument<T, R extends T | undefined>(
  store: DocumentStore,
  collection: string,
  id: string,
  change: (current: T | undefined) => R,
  options: UpdateDocumentOptions,
): Promise<R> {
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    const doc = await store.getDocument(collection, id);
    const next = change(doc?.value as T | undefined);
    if (next === undefined) return next;
    if ((await store.putDocument(collection, id, next, doc?.version ?? null)) !== null) return next;
  }
  throw options.keptChanging();
}
