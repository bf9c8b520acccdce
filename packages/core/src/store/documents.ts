import { pageOf } from './paging.js';
import type { ListOptions, Page, Versioned } from './store.js';

/**
 * Small JSON documents by collection and id, each replaced only with compare-and-set on its
 * version: what the server keeps besides environments (users, organizations, access tokens, open
 * sessions). Ids are opaque strings of at most 200 characters from `[A-Za-z0-9._:@-]`.
 */
export interface DocumentStore {
  getDocument(collection: string, id: string): Promise<Versioned<unknown> | undefined>;
  /**
   * Writes a document if its version is still `expectedVersion` (`null`: only if it does not
   * exist). ATOMIC compare-and-set. Returns the new version, or `null` when the check failed.
   */
  putDocument(
    collection: string,
    id: string,
    value: unknown,
    expectedVersion: string | null,
  ): Promise<string | null>;
  /** Deletes a document if its version is still `expectedVersion`; false when the check failed. */
  deleteDocument(collection: string, id: string, expectedVersion: string): Promise<boolean>;
  /** Documents of a collection in id order; `after` and `next` are ids. */
  listDocuments(
    collection: string,
    options: ListOptions,
  ): Promise<Page<{ readonly id: string; readonly value: unknown }>>;
}

/** A DocumentStore in memory: for tests, and for one process serving from a memory store. */
export function createMemoryDocuments(): DocumentStore {
  type Stored = { value: string; version: number };
  const collections = new Map<string, Map<string, Stored>>();
  const of = (collection: string): Map<string, Stored> => {
    let docs = collections.get(collection);
    if (docs === undefined) collections.set(collection, (docs = new Map<string, Stored>()));
    return docs;
  };
  let versions = 0;
  return {
    getDocument(collection, id) {
      const doc = of(collection).get(id);
      return Promise.resolve(
        doc === undefined
          ? undefined
          : { value: JSON.parse(doc.value) as unknown, version: String(doc.version) },
      );
    },
    putDocument(collection, id, value, expectedVersion) {
      const docs = of(collection);
      const current = docs.get(id);
      if ((current === undefined ? null : String(current.version)) !== expectedVersion)
        return Promise.resolve(null);
      const version = ++versions;
      docs.set(id, { value: JSON.stringify(value), version });
      return Promise.resolve(String(version));
    },
    deleteDocument(collection, id, expectedVersion) {
      const docs = of(collection);
      const current = docs.get(id);
      if (current === undefined || String(current.version) !== expectedVersion)
        return Promise.resolve(false);
      docs.delete(id);
      return Promise.resolve(true);
    },
    listDocuments(collection, options) {
      const ids = [...of(collection).keys()]
        .filter((id) => options.after === undefined || id > options.after)
        .sort();
      const page = pageOf(ids, options, (id) => id);
      return Promise.resolve({
        ...page,
        items: page.items.map((id) => ({
          id,
          value: JSON.parse(of(collection).get(id)!.value) as unknown,
        })),
      });
    },
  };
}
