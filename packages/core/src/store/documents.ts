import { InvalidArgumentError } from '../errors.js';
import { pageOf } from './paging.js';
import type { DocumentStore } from './store.js';

export type { DocumentStore } from './store.js';

// The rules of `DocumentStore` (store.ts) on collections, ids and values, which every store checks.
const COLLECTION = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DOCUMENT_ID = /^[A-Za-z0-9._:@-]{1,200}$/;

/** Throws `InvalidArgumentError` unless `collection` is a valid collection name. */
export function checkCollection(collection: string): void {
  if (typeof collection !== 'string' || !COLLECTION.test(collection)) {
    throw new InvalidArgumentError(
      `invalid document collection ${JSON.stringify(collection)}: use at most 64 of a-z, 0-9 and '-'`,
    );
  }
}

/**
 * Throws `InvalidArgumentError` unless `collection` and `id` are valid (see `DocumentStore`):
 * what every store checks before an id goes into a key, a path or a query.
 */
export function checkDocumentKey(collection: string, id: string): void {
  checkCollection(collection);
  if (typeof id !== 'string' || !DOCUMENT_ID.test(id) || /^\.+$/.test(id)) {
    throw new InvalidArgumentError(
      `invalid document id ${JSON.stringify(id)}: use 1 to 200 of A-Z, a-z, 0-9, '.', '_', ':', '@' and '-', not only dots`,
    );
  }
}

/** A document's value as JSON text; `InvalidArgumentError` for what JSON cannot hold. */
export function documentJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError(`a document value must be JSON: ${String(error)}`, {
      cause: error,
    });
  }
  if (text === undefined)
    throw new InvalidArgumentError(`a document value must be JSON, not ${typeof value}`);
  return text;
}

/**
 * A DocumentStore in memory: for tests, for one process serving from a memory store, and inside
 * the memory store (`createMemoryStore`). Every operation is atomic: nothing awaits between the
 * check and the write.
 */
export function createMemoryDocuments(): DocumentStore {
  type Stored = { value: string; version: number };
  const collections = new Map<string, Map<string, Stored>>();
  const of = (collection: string): Map<string, Stored> => {
    let docs = collections.get(collection);
    if (docs === undefined) collections.set(collection, (docs = new Map<string, Stored>()));
    return docs;
  };
  let versions = 0;
  const settle = <T>(body: () => T): Promise<T> => new Promise<T>((resolve) => resolve(body()));
  return {
    getDocument(collection, id) {
      return settle(() => {
        checkDocumentKey(collection, id);
        const doc = of(collection).get(id);
        return doc === undefined
          ? undefined
          : { value: JSON.parse(doc.value) as unknown, version: String(doc.version) };
      });
    },
    putDocument(collection, id, value, expectedVersion) {
      return settle(() => {
        checkDocumentKey(collection, id);
        const json = documentJson(value);
        const docs = of(collection);
        const current = docs.get(id);
        if ((current === undefined ? null : String(current.version)) !== expectedVersion)
          return null;
        const version = ++versions;
        docs.set(id, { value: json, version });
        return String(version);
      });
    },
    deleteDocument(collection, id, expectedVersion) {
      return settle(() => {
        checkDocumentKey(collection, id);
        const docs = of(collection);
        const current = docs.get(id);
        if (current === undefined || String(current.version) !== expectedVersion) return false;
        docs.delete(id);
        return true;
      });
    },
    listDocuments(collection, options) {
      return settle(() => {
        checkCollection(collection);
        const docs = of(collection);
        const ids = [...docs.keys()]
          .filter((id) => options.after === undefined || id > options.after)
          .sort();
        const page = pageOf(ids, options, (id) => id);
        return {
          ...page,
          items: page.items.map((id) => ({
            id,
            value: JSON.parse(docs.get(id)!.value) as unknown,
          })),
        };
      });
    },
  };
}
