// The S3 store's methods: environments, revisions, the keyring and documents over object I/O, with
// the audit log in _audit-log.ts. Loaded lazily by create-s3-store.ts, so importing @strata/store-s3 does not
// pay for the AWS SDK or zod until the first request.
import type {
  EnvironmentHead,
  EnvironmentKey,
  EnvironmentRecord,
  KeyringRecord,
  ListEnvironmentsOptions,
  ListOptions,
  Page,
  RevisionInfo,
  RevisionRecord,
  Store,
  Versioned,
} from '@strata/core';
import {
  BoundedMap,
  NotFoundError,
  StoreIoError,
  checkCollection,
  checkDocumentKey,
  documentJson,
  formatEnvironmentKey,
  pageOf,
  mapLimit,
} from '@strata/core';
import { createAuditLog } from './_audit-log.js';
import { createKeyLayout } from './_keys.js';
import { FETCH_CONCURRENCY } from './_fetch-concurrency.js';
import { createObjectIo } from './_object-io.js';
import {
  InvalidObjectError,
  decodeDocument,
  decodeEnvironment,
  decodeKeyring,
  decodeRevision,
  encodeDocument,
  encodeEnvironment,
  encodeKeyring,
  encodeRevision,
} from './_records.js';
import { createStoreClient, type RequestRecorder, type ResolvedS3Options } from './_s3-client.js';

/** Immutable objects (revisions, audit events) and heads kept in memory, by key. */
const CACHE_LIMIT = 5000;
/** Compare-and-set attempts to record a new latest revision in a busy environment object. */
const MAX_PUBLISH_ATTEMPTS = 20;

/** An environment object as last read or written by this process, under its ETag. */
interface Head {
  readonly etag: string;
  readonly record: EnvironmentRecord;
  /** Undefined for a schema 1 object (see _records.ts). */
  readonly latest: number | undefined;
}

export function openS3Store(options: ResolvedS3Options, recorder: RequestRecorder): Store {
  const layout = createKeyLayout(options.prefix);
  const storeClient = createStoreClient(options, recorder);
  const io = createObjectIo(options.bucket, storeClient);

  const cache = new BoundedMap<unknown>(CACHE_LIMIT);
  // The last environment object seen per key. Never the answer to a read (every read of a pointer
  // goes to the bucket); only the guess a compare-and-set starts from, and the `latest` an
  // `updateEnvironment` keeps, which its ETag pins.
  const heads = new BoundedMap<Head>(CACHE_LIMIT);
  const audit = createAuditLog(io, layout, cache);

  async function readRevision(
    env: EnvironmentKey,
    uid: string,
    number: number,
  ): Promise<RevisionRecord | undefined> {
    const key = layout.revision(env, uid, number);
    const cached = cache.get(key) as RevisionRecord | undefined;
    if (cached) return cached;
    const stored = await io.read(key, env, `revision ${number}`, (bytes) =>
      decodeRevision(bytes, env, uid, number),
    );
    return stored && cache.remember(key, stored.value);
  }

  async function readHead(env: EnvironmentKey): Promise<Head | undefined> {
    const key = layout.environment(env);
    const stored = await io.read(key, env, 'metadata', decodeEnvironment);
    if (!stored) {
      heads.delete(key);
      return undefined;
    }
    const { record, latest } = stored.value;
    return heads.remember(key, { etag: stored.etag, record, latest });
  }

  /** The latest revision number of a head; a schema 1 object needs a listing for it. */
  async function latestOf(env: EnvironmentKey, head: Head): Promise<number> {
    if (head.latest !== undefined) return head.latest;
    const prefix = layout.revisionsPrefix(env, head.record.uid);
    const { keys } = await io.listKeys(prefix, undefined, Number.MAX_SAFE_INTEGER);
    const last = keys[keys.length - 1];
    return last === undefined ? 0 : parseRevisionKey(env, prefix, last);
  }

  /**
   * Makes revision `number` visible: raises the environment object's `latest` to it by
   * compare-and-set. Done once the revision object exists, by its writer and by every writer that
   * lost the race to create it, so a writer stopped between the two writes never leaves the
   * environment stuck behind a revision nobody can see.
   */
  async function publish(env: EnvironmentKey, uid: string, number: number): Promise<void> {
    const key = layout.environment(env);
    for (let attempt = 0; attempt < MAX_PUBLISH_ATTEMPTS; attempt++) {
      // The head this process saw last saves a read when it is still current (the compare-and-set
      // proves it); any other case is decided on a fresh read.
      const seen = attempt === 0 ? heads.get(key) : undefined;
      const guess = seen?.record.uid === uid && seen.latest !== undefined && seen.latest < number;
      const head = guess ? seen : await readHead(env);
      if (!head || head.record.uid !== uid) {
        throw new NotFoundError(`environment ${formatEnvironmentKey(env)} not found`);
      }
      if (head.latest !== undefined && head.latest >= number) return;
      const latest = Math.max(number, await latestOf(env, head));
      const written = await io.put(key, encodeEnvironment(head.record, latest), {
        ifMatch: head.etag,
      });
      if (written.ok) {
        heads.set(key, { etag: written.etag, record: head.record, latest });
        return;
      }
    }
    throw new StoreIoError(
      `${formatEnvironmentKey(env)} kept changing while revision ${number} was published; try again`,
    );
  }

  function parseRevisionKey(env: EnvironmentKey, prefix: string, key: string): number {
    const n = layout.parseRevision(prefix, key);
    if (n === undefined) {
      return io.corrupt(
        env,
        'revision list',
        key,
        new InvalidObjectError('the key is not a revision number'),
      );
    }
    return n;
  }

  /** A document, never cached: like the environment objects, documents are mutable. */
  async function readDocument(
    collection: string,
    id: string,
  ): Promise<Versioned<unknown> | undefined> {
    const stored = await io.read(
      layout.document(collection, id),
      'the store',
      `document ${collection}/${id}`,
      (bytes) => decodeDocument(bytes, collection, id),
    );
    return stored && { value: stored.value, version: stored.etag };
  }

  /** The id of a key listed under `documentsPrefix(collection)`; corrupt when it names none. */
  function parseDocumentKey(collection: string, prefix: string, key: string): string {
    const id = key.slice(prefix.length);
    try {
      checkDocumentKey(collection, id);
    } catch {
      return io.corrupt(
        'the store',
        `document list of ${collection}`,
        key,
        new InvalidObjectError('the key is not documents/<collection>/<id>'),
      );
    }
    return id;
  }

  const copyRevision = (r: RevisionRecord): RevisionRecord => ({
    ...r,
    definition: new Uint8Array(r.definition),
  });

  return {
    async createEnvironment(env, record, first, event) {
      // Revision 1 first, under the new uid where nothing reaches it yet; the create-only PUT of
      // the metadata then publishes both at once, and of two racing creators only one wins.
      const revisionKey = layout.revision(env, record.uid, first.number);
      const created = await io.put(revisionKey, encodeRevision(env, record.uid, first), {
        ifNoneMatch: '*',
      });
      if (!created.ok) {
        throw new StoreIoError(
          `cannot create ${formatEnvironmentKey(env)}: ${io.objectName(revisionKey)} already exists (reused uid ${record.uid})`,
        );
      }
      const metaKey = layout.environment(env);
      const published = await io.put(metaKey, encodeEnvironment(record, first.number), {
        ifNoneMatch: '*',
      });
      if (!published.ok) {
        await io.remove(revisionKey).catch(() => undefined); // unreachable anyway; tidy up
        return false;
      }
      cache.set(revisionKey, copyRevision(first));
      heads.set(metaKey, {
        etag: published.etag,
        record: structuredClone(record),
        latest: first.number,
      });
      if (event !== undefined) await audit.append(event);
      return true;
    },

    async getEnvironment(env): Promise<EnvironmentHead | undefined> {
      const head = await readHead(env);
      if (!head) return undefined;
      return {
        value: structuredClone(head.record),
        version: head.etag,
        latest: await latestOf(env, head),
      };
    },

    async updateEnvironment(env, record, expectedVersion) {
      // The new object keeps the latest number of the version it replaces, which that ETag pins.
      const key = layout.environment(env);
      let head = heads.get(key);
      if (head?.etag !== expectedVersion) {
        head = await readHead(env);
        if (head?.etag !== expectedVersion) return null;
      }
      const latest = await latestOf(env, head);
      const result = await io.put(key, encodeEnvironment(record, latest), {
        ifMatch: expectedVersion,
      });
      if (!result.ok) return null;
      heads.set(key, { etag: result.etag, record: structuredClone(record), latest });
      return result.etag;
    },

    async deleteEnvironment(env, expectedVersion) {
      const metaKey = layout.environment(env);
      const current = await io.get(metaKey);
      if (!current || current.etag !== expectedVersion) return false;
      let uid: string | undefined;
      try {
        uid = decodeEnvironment(current.bytes).record.uid;
      } catch {
        uid = undefined; // a corrupt document can still be deleted; its revisions stay orphaned
      }
      if (!(await io.remove(metaKey, expectedVersion))) return false;
      heads.delete(metaKey);
      if (uid !== undefined) {
        // Nothing reaches these revisions any more; removing them is tidying, not correctness.
        const prefix = layout.revisionsPrefix(env, uid);
        for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
        try {
          const { keys } = await io.listKeys(prefix, undefined, Number.MAX_SAFE_INTEGER);
          await mapLimit(keys, FETCH_CONCURRENCY, (key) => io.remove(key));
        } catch {
          // Orphans are harmless: a recreated environment gets a new uid.
        }
      }
      return true;
    },

    async listEnvironments(options: ListEnvironmentsOptions): Promise<Page<EnvironmentKey>> {
      const prefix = layout.environmentsPrefix(options.org, options.project);
      const startAfter =
        options.after === undefined ? undefined : layout.environmentsPrefix() + options.after;
      const { keys, more } = await io.listKeys(prefix, startAfter, options.limit);
      const items = keys.map((key) => {
        const env = layout.parseEnvironment(key);
        if (!env) {
          return io.corrupt(
            'environment list',
            'environment',
            key,
            new InvalidObjectError('the key is not environments/<org>/<project>/<name>'),
          );
        }
        return env;
      });
      return pageOf(items, options, formatEnvironmentKey, more);
    },

    async appendRevision(env, uid, revision, event) {
      // The create-only PUT picks the one winner; the revision is visible once published.
      const key = layout.revision(env, uid, revision.number);
      const result = await io.put(key, encodeRevision(env, uid, revision), { ifNoneMatch: '*' });
      if (result.ok) cache.set(key, copyRevision(revision));
      await publish(env, uid, revision.number);
      if (!result.ok) return false;
      if (event !== undefined) await audit.append(event);
      return true;
    },

    async getRevision(env, uid, revision) {
      if (!Number.isSafeInteger(revision) || revision < 1) return undefined;
      const found = await readRevision(env, uid, revision);
      return found && copyRevision(found);
    },

    async getLatestRevision(env, uid) {
      const head = await readHead(env);
      return head?.record.uid === uid ? latestOf(env, head) : 0;
    },

    async listRevisions(env, uid, options: ListOptions): Promise<Page<RevisionInfo>> {
      const prefix = layout.revisionsPrefix(env, uid);
      const after = options.after === undefined ? 0 : Number(options.after);
      const startAfter = after >= 1 ? layout.revision(env, uid, Math.floor(after)) : undefined;
      const { keys, more } = await io.listKeys(prefix, startAfter, options.limit);
      const numbers = keys.map((key) => parseRevisionKey(env, prefix, key));
      const revisions = await mapLimit(numbers, FETCH_CONCURRENCY, (n) =>
        readRevision(env, uid, n),
      );
      const items = revisions.flatMap((r) =>
        r
          ? [
              {
                number: r.number,
                author: r.author,
                createdAt: r.createdAt,
                copiedFrom: r.copiedFrom,
              },
            ]
          : [],
      );
      return pageOf(items, options, (r) => String(r.number), more);
    },

    appendAudit: (event) => audit.append(event),

    listAudit: (options) => audit.list(options),

    async getKeyring(): Promise<Versioned<KeyringRecord> | undefined> {
      const stored = await io.read(layout.keyring(), 'the store', 'keyring', decodeKeyring);
      return stored && { value: stored.value, version: stored.etag };
    },

    async putKeyring(record, expectedVersion) {
      const condition =
        expectedVersion === null ? { ifNoneMatch: '*' as const } : { ifMatch: expectedVersion };
      const result = await io.put(layout.keyring(), encodeKeyring(record), condition);
      return result.ok ? result.etag : null;
    },

    async getDocument(collection, id) {
      checkDocumentKey(collection, id);
      return readDocument(collection, id);
    },

    async putDocument(collection, id, value, expectedVersion) {
      checkDocumentKey(collection, id);
      const body = encodeDocument(collection, id, documentJson(value));
      // An ETag is never empty; an empty If-Match must not become an unconditional write.
      if (expectedVersion === '') return null;
      const condition =
        expectedVersion === null ? { ifNoneMatch: '*' as const } : { ifMatch: expectedVersion };
      const result = await io.put(layout.document(collection, id), body, condition);
      return result.ok ? result.etag : null;
    },

    async deleteDocument(collection, id, expectedVersion) {
      checkDocumentKey(collection, id);
      if (expectedVersion === '') return false;
      return io.remove(layout.document(collection, id), expectedVersion);
    },

    async listDocuments(collection, options) {
      checkCollection(collection);
      const prefix = layout.documentsPrefix(collection);
      const startAfter = options.after === undefined ? undefined : prefix + options.after;
      const { keys, more } = await io.listKeys(prefix, startAfter, options.limit);
      // The page is cut on the listed ids, so `next` stays exact when a document is deleted
      // between the LIST and its GET (it is left out of the page).
      const page = pageOf(
        keys.map((key) => parseDocumentKey(collection, prefix, key)),
        options,
        (id) => id,
        more,
      );
      const documents = await mapLimit(page.items, FETCH_CONCURRENCY, (id) =>
        readDocument(collection, id),
      );
      return {
        ...page,
        items: page.items.flatMap((id, i) => {
          const doc = documents[i];
          return doc === undefined ? [] : [{ id, value: doc.value }];
        }),
      };
    },

    close() {
      cache.clear();
      heads.clear();
      storeClient.close();
      return Promise.resolve();
    },
  };
}
