// Object I/O: every request the store sends to the bucket goes through here, so retries,
// conditional writes, error messages and the validation of what is read back are written once.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { EnvironmentKey } from '@strata/core';
import { StoreCorruptError, formatEnvironmentKey } from '@strata/core';
import {
  describeS3Error,
  httpStatus,
  s3ErrorCode,
  type RequestScope,
} from './_describe-s3-error.js';
import { InvalidObjectError } from './_records.js';
import type { StoreClient } from './_s3-client.js';

export type WriteCondition = { readonly ifNoneMatch: '*' } | { readonly ifMatch: string };
export type WriteResult = { readonly ok: true; readonly etag: string } | { readonly ok: false };

/** Whose object it is, for a `StoreCorruptError`: an environment, or `the audit log` and such. */
export type Owner = EnvironmentKey | string;

/** ListObjectsV2 never returns more than this per request. */
export const MAX_KEYS_PER_LIST = 1000;

/**
 * What a key scan does after a key: go on, stop, or go on past `skipTo` (the keys up to it are
 * passed over unseen, and when they run past the page, the next request starts after `skipTo`).
 */
export type ScanStep = 'next' | 'stop' | { readonly skipTo: string };

export interface ObjectIo {
  /** `s3://bucket/key`, for messages. */
  objectName(key: string): string;
  /** The object's bytes and ETag; undefined if there is none. */
  get(key: string): Promise<{ bytes: Uint8Array; etag: string } | undefined>;
  /**
   * Reads and decodes an object; undefined if there is none. An `InvalidObjectError` of `decode`
   * becomes a `StoreCorruptError` naming `owner`, `what` and the object.
   */
  read<T>(
    key: string,
    owner: Owner,
    what: string,
    decode: (bytes: Uint8Array) => T,
  ): Promise<{ value: T; etag: string } | undefined>;
  /**
   * A conditional PUT. A lost condition is a result (`ok: false`), not an error; a retried PUT
   * that finds its own earlier attempt stored succeeds.
   */
  put(key: string, body: Uint8Array, condition: WriteCondition): Promise<WriteResult>;
  /** A DELETE, conditional with `ifMatch`: false when the condition failed. */
  remove(key: string, ifMatch?: string): Promise<boolean>;
  /**
   * Lists keys under `prefix` after `startAfter` (StartAfter pagination works on S3 and every
   * S3-compatible server). Stops at `limit` keys; `more` says whether any further key exists.
   */
  listKeys(
    prefix: string,
    startAfter: string | undefined,
    limit: number,
  ): Promise<{ keys: string[]; more: boolean }>;
  /**
   * Walks the keys under `prefix` after `startAfter` in S3's byte order, `pageSize` per LIST
   * request, calling `visit` on each until it stops or the keys run out. Skipping moves the next
   * request's StartAfter, so a scan never costs more requests than listing every key, and a skip
   * across many keys costs one.
   */
  scanKeys(
    prefix: string,
    startAfter: string | undefined,
    visit: (key: string) => ScanStep,
    pageSize?: number,
  ): Promise<void>;
  /**
   * Throws the `StoreCorruptError` for an invalid object (or key) of `owner`; any error other
   * than an `InvalidObjectError` is rethrown as it is.
   */
  corrupt(owner: Owner, what: string, key: string, error: unknown): never;
}

export function createObjectIo(bucket: string, storeClient: StoreClient): ObjectIo {
  const { client } = storeClient;
  const objectName = (key: string) => `s3://${bucket}/${key}`;

  async function fail(error: unknown, operation: string, key?: string): Promise<never> {
    const scope: RequestScope = {
      endpoint: await storeClient.endpoint(),
      bucket,
      operation,
      key,
    };
    throw describeS3Error(error, scope);
  }

  function corrupt(owner: Owner, what: string, key: string, error: unknown): never {
    if (!(error instanceof InvalidObjectError)) throw error;
    const name = typeof owner === 'string' ? owner : formatEnvironmentKey(owner);
    throw new StoreCorruptError(name, `${what} (${objectName(key)})`, error.message, {
      cause: error,
    });
  }

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

  /** One ListObjectsV2 request: up to `maxKeys` keys after `startAfter`, and whether more exist. */
  async function listPage(
    prefix: string,
    startAfter: string | undefined,
    maxKeys: number,
  ): Promise<{ keys: string[]; truncated: boolean }> {
    let out;
    try {
      out = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          StartAfter: startAfter,
          MaxKeys: maxKeys,
        }),
      );
    } catch (error) {
      return fail(error, 'LIST', prefix);
    }
    const keys = (out.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]));
    return { keys, truncated: out.IsTruncated === true };
  }

  return {
    objectName,
    get,
    corrupt,

    async read(key, owner, what, decode) {
      const stored = await get(key);
      if (!stored) return undefined;
      try {
        return { value: decode(stored.bytes), etag: stored.etag };
      } catch (error) {
        return corrupt(owner, what, key, error);
      }
    },

    // When the SDK retried (the first attempt may have landed before the connection broke) or S3
    // reports a concurrent conditional request, the stored bytes tell whether the object is ours.
    async put(key, body, condition) {
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
        if (attemptsOf(error) > 1 || code === 'ConditionalRequestConflict') {
          const stored = await get(key);
          if (stored && Buffer.from(stored.bytes).equals(Buffer.from(body)))
            return { ok: true, etag: stored.etag };
        }
        return { ok: false };
      }
    },

    async remove(key, ifMatch) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, IfMatch: ifMatch }));
        return true;
      } catch (error) {
        const code = s3ErrorCode(error);
        if (ifMatch !== undefined && (httpStatus(error) === 412 || code === 'PreconditionFailed'))
          return false;
        // A retried delete of our own: the first attempt removed it.
        if (code === 'NoSuchKey') return attemptsOf(error) > 1;
        return fail(error, 'DELETE', key);
      }
    },

    async listKeys(prefix, startAfter, limit) {
      const keys: string[] = [];
      let after = startAfter;
      for (;;) {
        const want = Math.min(MAX_KEYS_PER_LIST, limit - keys.length);
        const page = await listPage(prefix, after, want);
        keys.push(...page.keys);
        const last = page.keys[page.keys.length - 1];
        if (!page.truncated || last === undefined) return { keys, more: false };
        if (keys.length >= limit) return { keys, more: true };
        after = last;
      }
    },

    async scanKeys(prefix, startAfter, visit, pageSize = MAX_KEYS_PER_LIST) {
      let after = startAfter;
      let skipTo: string | undefined;
      for (;;) {
        const page = await listPage(prefix, after, pageSize);
        for (const key of page.keys) {
          if (skipTo !== undefined && compareKeys(key, skipTo) <= 0) continue;
          const step = visit(key);
          if (step === 'stop') return;
          // Only forwards: a skip to a key already passed would list the same keys again.
          if (step !== 'next' && compareKeys(step.skipTo, key) > 0) skipTo = step.skipTo;
        }
        const last = page.keys[page.keys.length - 1];
        if (!page.truncated || last === undefined) return;
        after = skipTo !== undefined && compareKeys(skipTo, last) > 0 ? skipTo : last;
      }
    },
  };
}

/** S3's order of keys: by the bytes of their UTF-8. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** HTTP attempts the SDK made for a failed request (retries included). */
function attemptsOf(error: unknown): number {
  return (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
}
