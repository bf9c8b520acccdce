import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { Store } from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import type { ResolvedS3Options } from './_s3-client.js';

export interface S3StoreOptions {
  /** The bucket; it must exist. */
  readonly bucket: string;
  /** A key prefix, so several installations can share one bucket (`team-a/` or `team-a`). */
  readonly prefix?: string;
  /** Defaults to the AWS SDK's region chain (`AWS_REGION`, config files); `us-east-1` with `endpoint`. */
  readonly region?: string;
  /** Any S3-compatible endpoint (`http://127.0.0.1:9000`); AWS S3 when omitted. */
  readonly endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  readonly forcePathStyle?: boolean;
  /** Static credentials or a provider; the standard AWS credential chain when omitted. */
  readonly credentials?: S3ClientConfig['credentials'];
  /** A ready client; `region`, `endpoint`, `forcePathStyle` and `credentials` are then ignored. */
  readonly client?: S3Client;
  /** HTTP attempts per request, retries included (default 3). */
  readonly maxAttempts?: number;
}

/** HTTP requests sent so far (retries included), in total and by SDK command name. */
export interface S3RequestStats {
  readonly total: number;
  readonly byCommand: Readonly<Record<string, number>>;
}

export interface S3Store extends Store {
  readonly bucket: string;
  /** The normalised key prefix: empty, or ending with `/`. */
  readonly prefix: string;
  /** A snapshot of the request counters; subtract two snapshots to count one operation. */
  requestStats(): S3RequestStats;
}

// Bucket names per https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html,
// loosened to what S3-compatible servers also accept (underscores, up to 255 characters).
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,253}[a-z0-9]$/i;

function resolveOptions(options: S3StoreOptions): ResolvedS3Options {
  if (typeof options.bucket !== 'string' || !BUCKET_NAME.test(options.bucket)) {
    throw new InvalidArgumentError(`invalid S3 bucket name ${JSON.stringify(options.bucket)}`);
  }
  let prefix = (options.prefix ?? '').replace(/^\/+/, '');
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  if (prefix.includes('//'))
    throw new InvalidArgumentError(`invalid S3 key prefix ${JSON.stringify(options.prefix)}`);
  if (options.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new InvalidArgumentError(
        `invalid S3 endpoint ${JSON.stringify(options.endpoint)}: not a URL`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidArgumentError(
        `invalid S3 endpoint ${JSON.stringify(options.endpoint)}: use http(s)://`,
      );
    }
  }
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidArgumentError(
      `maxAttempts must be a positive integer, got ${String(options.maxAttempts)}`,
    );
  }
  return { ...options, bucket: options.bucket, prefix, maxAttempts };
}

/**
 * A `Store` in an S3 bucket (or any S3-compatible server). Options are checked now; the AWS SDK is
 * loaded and the client created on the first request, so creating a store costs nothing.
 */
export function createS3Store(options: S3StoreOptions): S3Store {
  const resolved = resolveOptions(options);
  const byCommand: Record<string, number> = {};
  let total = 0;
  const recorder = {
    record(command: string) {
      total += 1;
      byCommand[command] = (byCommand[command] ?? 0) + 1;
    },
  };

  let loading: Promise<Store> | undefined;
  let closed = false;
  const store = (): Promise<Store> => {
    if (closed) return Promise.reject(new Error('the S3 store is closed'));
    return (loading ??= import('./_s3-store.js').then((m) => m.openS3Store(resolved, recorder)));
  };

  return {
    bucket: resolved.bucket,
    prefix: resolved.prefix,
    requestStats: () => ({ total, byCommand: { ...byCommand } }),
    createEnvironment: async (env, record, first, audit) =>
      (await store()).createEnvironment(env, record, first, audit),
    getEnvironment: async (env) => (await store()).getEnvironment(env),
    updateEnvironment: async (env, record, expected) =>
      (await store()).updateEnvironment(env, record, expected),
    deleteEnvironment: async (env, expected) => (await store()).deleteEnvironment(env, expected),
    listEnvironments: async (opts) => (await store()).listEnvironments(opts),
    appendRevision: async (env, uid, revision, audit) =>
      (await store()).appendRevision(env, uid, revision, audit),
    getRevision: async (env, uid, revision) => (await store()).getRevision(env, uid, revision),
    getLatestRevision: async (env, uid) => (await store()).getLatestRevision(env, uid),
    listRevisions: async (env, uid, opts) => (await store()).listRevisions(env, uid, opts),
    appendAudit: async (event) => (await store()).appendAudit(event),
    listAudit: async (opts) => (await store()).listAudit(opts),
    getKeyring: async () => (await store()).getKeyring(),
    putKeyring: async (record, expected) => (await store()).putKeyring(record, expected),
    getDocument: async (collection, id) => (await store()).getDocument(collection, id),
    putDocument: async (collection, id, value, expected) =>
      (await store()).putDocument(collection, id, value, expected),
    deleteDocument: async (collection, id, expected) =>
      (await store()).deleteDocument(collection, id, expected),
    listDocuments: async (collection, opts) => (await store()).listDocuments(collection, opts),
    async close() {
      if (closed) return;
      closed = true;
      if (loading) await (await loading).close();
    },
  };
}
