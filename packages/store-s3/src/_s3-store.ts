// The S3 store proper. Loaded lazily by create-s3-store.ts, so importing @strata/store-s3 does not
// pay for the AWS SDK or zod until the first request.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type {
  AuditEvent,
  EnvironmentHead,
  EnvironmentKey,
  EnvironmentRecord,
  KeyringRecord,
  ListAuditOptions,
  ListEnvironmentsOptions,
  ListOptions,
  Page,
  RevisionInfo,
  RevisionRecord,
  Store,
  Versioned,
} from '@strata/core';
import {
  NotFoundError,
  StoreCorruptError,
  StoreIoError,
  formatEnvironmentKey,
  pageOf,
} from '@strata/core';
import {
  describeS3Error,
  httpStatus,
  s3ErrorCode,
  type RequestScope,
} from './_describe-s3-error.js';
import { createKeyLayout } from './_keys.js';
import {
  InvalidObjectError,
  decodeAudit,
  decodeEnvironment,
  decodeKeyring,
  decodeRevision,
  encodeAudit,
  encodeEnvironment,
  encodeKeyring,
  encodeRevision,
} from './_records.js';

export interface ResolvedS3Options {
  readonly bucket: string;
  /** Empty, or ends with `/`. */
  readonly prefix: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  readonly credentials?: S3ClientConfig['credentials'];
  readonly client?: S3Client;
  readonly maxAttempts: number;
}

export interface RequestRecorder {
  record(command: string): void;
}

type WriteCondition = { readonly ifNoneMatch: '*' } | { readonly ifMatch: string };
type WriteResult = { readonly ok: true; readonly etag: string } | { readonly ok: false };

/** How many objects are fetched at once when a listing needs their bodies. */
const FETCH_CONCURRENCY = 16;
/** Immutable objects (revisions, audit events) and heads kept in memory, by key. */
const CACHE_LIMIT = 5000;
/** ListObjectsV2 never returns more than this per request. */
const MAX_KEYS_PER_LIST = 1000;
/** Compare-and-set attempts to record a new latest revision in a busy environment object. */
const MAX_PUBLISH_ATTEMPTS = 20;

/** An environment object as last read or written by this process, under its ETag. */
interface Head {
  readonly etag: string;
  readonly record: EnvironmentRecord;
  /** Undefined for a schema 1 object (see _records.ts). */
  readonly latest: number | undefined;
}

let middlewareCounter = 0;

export function openS3Store(options: ResolvedS3Options, recorder: RequestRecorder): Store {
  const { bucket } = options;
  const layout = createKeyLayout(options.prefix);
  const ownsClient = options.client === undefined;
  const client =
    options.client ??
    new S3Client({
      region: options.region ?? (options.endpoint === undefined ? undefined : 'us-east-1'),
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts,
      // Conditional writes are safe to retry: every object's bytes are unique (see _records.ts),
      // so a 412 after a retry is checked against what is stored (see `put`).
      retryMode: 'standard',
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      // Many S3-compatible servers reject the SDK's newer default checksum headers.
      ...(options.endpoint === undefined
        ? {}
        : {
            requestChecksumCalculation: 'WHEN_REQUIRED' as const,
            responseChecksumValidation: 'WHEN_REQUIRED' as const,
          }),
    });

  // Counted in the deserialize step, which runs once per HTTP attempt (retries included).
  const middlewareName = `strataRequestCounter${++middlewareCounter}`;
  client.middlewareStack.add(
    (next, context) => (args) => {
      recorder.record(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'deserialize', name: middlewareName },
  );

  let endpointLabel: string | undefined = options.endpoint;
  async function endpoint(): Promise<string> {
    if (endpointLabel !== undefined) return endpointLabel;
    try {
      const region = await client.config.region();
      endpointLabel = `https://s3.${region}.amazonaws.com`;
    } catch {
      endpointLabel = 'the default AWS S3 endpoint';
    }
    return endpointLabel;
  }

  async function fail(error: unknown, operation: string, key?: string): Promise<never> {
    const scope: RequestScope = { endpoint: await endpoint(), bucket, operation, key };
    throw describeS3Error(error, scope);
  }

  const cache = new Map<string, unknown>();
  const remember = <T>(key: string, value: T): T => {
    bounded(cache, key, value);
    return value;
  };
  // The last environment object seen per key. Never the answer to a read (every read of a pointer
  // goes to the bucket); only the guess a compare-and-set starts from, and the `latest` an
  // `updateEnvironment` keeps, which its ETag pins.
  const heads = new Map<string, Head>();

  const objectName = (key: string) => `s3://${bucket}/${key}`;

  async function get(key: string): Promise<{ bytes: Uint8Array; etag: string } | undefined> {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
      return { bytes, etag: out.ETag ?? '' };
    } catch (error) {
      if (s3ErrorCode(error) === 'NoSuchKey') return undefined;
      return fail(error, 'GET', key);
    }
  }

  /**
   * A conditional PUT. A lost condition is a result, not an error. When the SDK retried (the first
   * attempt may have landed before the connection broke) or S3 reports a concurrent conditional
   * request, the stored bytes tell whether the object is ours.
   */
  async function put(
    key: string,
    body: Uint8Array,
    condition: WriteCondition,
  ): Promise<WriteResult> {
    try {
      const out = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          ...('ifNoneMatch' in condition ? { IfNoneMatch: '*' } : { IfMatch: condition.ifMatch }),
        }),
      );
      return { ok: true, etag: out.ETag ?? '' };
    } catch (error) {
      const code = s3ErrorCode(error);
      const status = httpStatus(error);
      const lost =
        status === 412 || code === 'PreconditionFailed' || code === 'ConditionalRequestConflict';
      const missing = 'ifMatch' in condition && code === 'NoSuchKey';
      if (!lost && !missing) return fail(error, 'PUT', key);
      const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
      if (attempts > 1 || code === 'ConditionalRequestConflict') {
        const stored = await get(key);
        if (stored && Buffer.from(stored.bytes).equals(Buffer.from(body)))
          return { ok: true, etag: stored.etag };
      }
      return { ok: false };
    }
  }

  async function remove(key: string, ifMatch?: string): Promise<boolean> {
    try {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, IfMatch: ifMatch }));
      return true;
    } catch (error) {
      const code = s3ErrorCode(error);
      if (ifMatch !== undefined && (httpStatus(error) === 412 || code === 'PreconditionFailed'))
        return false;
      if (code === 'NoSuchKey') {
        // A retried delete of our own: the first attempt removed it.
        const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        return attempts > 1;
      }
      return fail(error, 'DELETE', key);
    }
  }

  /**
   * Lists keys under `prefix` after `startAfter` (StartAfter pagination works on S3 and every
   * S3-compatible server). Stops at `limit` keys; `more` says whether any further key exists.
   */
  async function listKeys(
    prefix: string,
    startAfter: string | undefined,
    limit: number,
  ): Promise<{ keys: string[]; more: boolean }> {
    const keys: string[] = [];
    let after = startAfter;
    for (;;) {
      const want = Math.min(MAX_KEYS_PER_LIST, limit - keys.length);
      let out;
      try {
        out = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            StartAfter: after,
            MaxKeys: want,
          }),
        );
      } catch (error) {
        return fail(error, 'LIST', prefix);
      }
      const page = (out.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]));
      keys.push(...page);
      const last = page[page.length - 1];
      if (!out.IsTruncated || last === undefined) return { keys, more: false };
      if (keys.length >= limit) return { keys, more: true };
      after = last;
    }
  }

  function corrupt(env: EnvironmentKey | string, what: string, key: string, error: unknown): never {
    if (!(error instanceof InvalidObjectError)) throw error;
    const name = typeof env === 'string' ? env : formatEnvironmentKey(env);
    throw new StoreCorruptError(name, `${what} (${objectName(key)})`, error.message, {
      cause: error,
    });
  }

  async function readRevision(
    env: EnvironmentKey,
    uid: string,
    number: number,
  ): Promise<RevisionRecord | undefined> {
    const key = layout.revision(env, uid, number);
    const cached = cache.get(key) as RevisionRecord | undefined;
    if (cached) return cached;
    const stored = await get(key);
    if (!stored) return undefined;
    try {
      return remember(key, decodeRevision(stored.bytes, env, uid, number));
    } catch (error) {
      return corrupt(env, `revision ${number}`, key, error);
    }
  }

  async function readAudit(key: string, id: string): Promise<AuditEvent | undefined> {
    const cached = cache.get(key) as AuditEvent | undefined;
    if (cached) return cached;
    const stored = await get(key);
    if (!stored) return undefined;
    try {
      return remember(key, decodeAudit(stored.bytes, id));
    } catch (error) {
      return corrupt('audit log', `audit event ${id}`, key, error);
    }
  }

  async function readHead(env: EnvironmentKey): Promise<Head | undefined> {
    const key = layout.environment(env);
    const stored = await get(key);
    if (!stored) {
      heads.delete(key);
      return undefined;
    }
    try {
      const { record, latest } = decodeEnvironment(stored.bytes);
      return bounded(heads, key, { etag: stored.etag, record, latest });
    } catch (error) {
      return corrupt(env, 'metadata', key, error);
    }
  }

  /** The latest revision number of a head; a schema 1 object needs a listing for it. */
  async function latestOf(env: EnvironmentKey, head: Head): Promise<number> {
    if (head.latest !== undefined) return head.latest;
    const prefix = layout.revisionsPrefix(env, head.record.uid);
    const { keys } = await listKeys(prefix, undefined, Number.MAX_SAFE_INTEGER);
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
      const written = await put(key, encodeEnvironment(head.record, latest), {
        ifMatch: head.etag,
      });
      if (written.ok) {
        bounded(heads, key, { etag: written.etag, record: head.record, latest });
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
      return corrupt(
        env,
        'revision list',
        key,
        new InvalidObjectError('the key is not a revision number'),
      );
    }
    return n;
  }

  const copyRevision = (r: RevisionRecord): RevisionRecord => ({
    ...r,
    definition: new Uint8Array(r.definition),
  });

  async function appendAudit(event: AuditEvent): Promise<void> {
    const key = layout.audit(event.id);
    const result = await put(key, encodeAudit(event), { ifNoneMatch: '*' });
    if (!result.ok)
      throw new StoreIoError(`audit event ${event.id} already exists (${objectName(key)})`);
    remember(key, structuredClone(event));
  }

  return {
    async createEnvironment(env, record, first, audit) {
      // Revision 1 first, under the new uid where nothing reaches it yet; the create-only PUT of
      // the metadata then publishes both at once, and of two racing creators only one wins.
      const revisionKey = layout.revision(env, record.uid, first.number);
      const created = await put(revisionKey, encodeRevision(env, record.uid, first), {
        ifNoneMatch: '*',
      });
      if (!created.ok) {
        throw new StoreIoError(
          `cannot create ${formatEnvironmentKey(env)}: ${objectName(revisionKey)} already exists (reused uid ${record.uid})`,
        );
      }
      const metaKey = layout.environment(env);
      const published = await put(metaKey, encodeEnvironment(record, first.number), {
        ifNoneMatch: '*',
      });
      if (!published.ok) {
        await remove(revisionKey).catch(() => undefined); // unreachable anyway; tidy up
        return false;
      }
      remember(revisionKey, copyRevision(first));
      bounded(heads, metaKey, {
        etag: published.etag,
        record: structuredClone(record),
        latest: first.number,
      });
      if (audit !== undefined) await appendAudit(audit);
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
      const result = await put(key, encodeEnvironment(record, latest), {
        ifMatch: expectedVersion,
      });
      if (!result.ok) return null;
      bounded(heads, key, { etag: result.etag, record: structuredClone(record), latest });
      return result.etag;
    },

    async deleteEnvironment(env, expectedVersion) {
      const metaKey = layout.environment(env);
      const current = await get(metaKey);
      if (!current || current.etag !== expectedVersion) return false;
      let uid: string | undefined;
      try {
        uid = decodeEnvironment(current.bytes).record.uid;
      } catch {
        uid = undefined; // a corrupt document can still be deleted; its revisions stay orphaned
      }
      if (!(await remove(metaKey, expectedVersion))) return false;
      heads.delete(metaKey);
      if (uid !== undefined) {
        // Nothing reaches these revisions any more; removing them is tidying, not correctness.
        const prefix = layout.revisionsPrefix(env, uid);
        for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
        try {
          const { keys } = await listKeys(prefix, undefined, Number.MAX_SAFE_INTEGER);
          await mapLimit(keys, FETCH_CONCURRENCY, (key) => remove(key));
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
      const { keys, more } = await listKeys(prefix, startAfter, options.limit);
      const items = keys.map((key) => {
        const env = layout.parseEnvironment(key);
        if (!env) {
          return corrupt(
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

    async appendRevision(env, uid, revision, audit) {
      // The create-only PUT picks the one winner; the revision is visible once published.
      const key = layout.revision(env, uid, revision.number);
      const result = await put(key, encodeRevision(env, uid, revision), { ifNoneMatch: '*' });
      if (result.ok) remember(key, copyRevision(revision));
      await publish(env, uid, revision.number);
      if (!result.ok) return false;
      if (audit !== undefined) await appendAudit(audit);
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
      const { keys, more } = await listKeys(prefix, startAfter, options.limit);
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

    appendAudit,

    async listAudit(options: ListAuditOptions): Promise<Page<AuditEvent>> {
      const prefix = layout.auditPrefix();
      const envId = options.env && formatEnvironmentKey(options.env);
      // Ids start with the event time, so `since` and `after` both become a StartAfter.
      const from = [options.after, options.since]
        .filter((s): s is string => s !== undefined)
        .sort()
        .pop();
      let startAfter = from === undefined ? undefined : prefix + from;
      const matches: AuditEvent[] = [];
      // One extra match tells whether another page follows.
      while (matches.length <= options.limit) {
        const { keys, more } = await listKeys(prefix, startAfter, FETCH_CONCURRENCY * 4);
        const ids = keys.map((key) => key.slice(prefix.length));
        const inRange = options.until === undefined ? ids : ids.filter((id) => id < options.until!);
        const events = await mapLimit(inRange, FETCH_CONCURRENCY, (id) =>
          readAudit(prefix + id, id),
        );
        for (const event of events) {
          if (!event) continue;
          if (envId !== undefined && formatEnvironmentKey(event.env) !== envId) continue;
          if (options.since !== undefined && event.at < options.since) continue;
          if (options.until !== undefined && event.at >= options.until) continue;
          if (options.after !== undefined && event.id <= options.after) continue;
          matches.push(structuredClone(event));
        }
        const last = keys[keys.length - 1];
        if (!more || last === undefined || inRange.length < ids.length) break;
        startAfter = last;
      }
      return pageOf(matches, options, (e) => e.id);
    },

    async getKeyring(): Promise<Versioned<KeyringRecord> | undefined> {
      const key = layout.keyring();
      const stored = await get(key);
      if (!stored) return undefined;
      try {
        return { value: decodeKeyring(stored.bytes), version: stored.etag };
      } catch (error) {
        return corrupt('the store', 'keyring', key, error);
      }
    },

    async putKeyring(record, expectedVersion) {
      const condition =
        expectedVersion === null ? { ifNoneMatch: '*' as const } : { ifMatch: expectedVersion };
      const result = await put(layout.keyring(), encodeKeyring(record), condition);
      return result.ok ? result.etag : null;
    },

    close() {
      cache.clear();
      heads.clear();
      client.middlewareStack.remove(middlewareName);
      if (ownsClient) client.destroy();
      return Promise.resolve();
    },
  };
}

/** Sets `key`, first dropping the oldest entry when `map` is full. */
function bounded<T>(map: Map<string, T>, key: string, value: T): T {
  if (map.size >= CACHE_LIMIT && !map.has(key)) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
  return value;
}

/** Maps with at most `limit` calls in flight, keeping the input order. */
async function mapLimit<T, U>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<U>,
): Promise<U[]> {
  const results = new Array<U>(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
