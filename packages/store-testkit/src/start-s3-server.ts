// An in-process s3rver for tests, patched to behave like real S3 where the store relies on it:
// conditional writes (If-None-Match: *, If-Match) are enforced atomically per key, objects become
// visible atomically, listings come back in byte order, and ListObjectsV2 pages without s3rver's
// DES continuation tokens (which fail on Node 20 without --openssl-legacy-provider).
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

const require = createRequire(import.meta.url);

/** The few parts of s3rver's object model this file touches. */
interface S3rverObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: Record<string, unknown>;
}

interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, unknown>,
    md5: string,
  ): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
  listObjects(bucket: string, options: unknown): Promise<ListResult>;
}

interface ListResult {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  state: Record<string, unknown>;
  store: FilesystemStore;
  body: unknown;
}

type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface S3rverInstance {
  middleware: Middleware[];
  store: FilesystemStore;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
type S3ErrorClass = new (code: string, message: string, detail?: Record<string, string>) => Error;

export interface TestS3Server {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly port: number;
  /** Client settings that s3rver accepts. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  close(): Promise<void>;
}

export interface StartOptions {
  /** Buckets created before the server answers its first request. */
  buckets?: string[];
}

/** Serialises async work per key; a key's chain is dropped once it runs dry. */
function createKeyedLock() {
  const tails = new Map<string, Promise<void>>();
  return async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

function header(ctx: KoaContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const unquote = (etag: string) =>
  etag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');

async function readAll(content: Readable | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  const chunks: Buffer[] = [];
  for await (const chunk of content)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

const encodeToken = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decodeToken = (token: string) => Buffer.from(token, 'base64url').toString('utf8');

/** Starts s3rver on 127.0.0.1 with a free port in a fresh temporary directory. */
export async function startS3Server(options: StartOptions = {}): Promise<TestS3Server> {
  const S3rver = require('s3rver') as S3rverClass;
  const S3Error = require('s3rver/lib/models/error.js') as S3ErrorClass;

  const root = await mkdtemp(join(tmpdir(), 'strata-s3rver-'));
  // Staging lives outside s3rver's directory so listings never see half-written files.
  const staging = join(root, 'staging');
  const data = join(root, 'data');
  await mkdir(staging);
  await mkdir(data);

  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: data,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  const fsStore = server.store;
  const withLock = createKeyedLock();

  // Real S3 makes a PUT visible all at once; s3rver streams into place and may answer before the
  // bytes are flushed. Write the metadata first, then rename the finished object into place.
  async function atomicPut(object: S3rverObject) {
    const body = await readAll(object.content);
    const md5 = createHash('md5').update(body).digest('hex');
    const target = fsStore.getResourcePath(object.bucket, object.key, 'object');
    const temp = join(staging, randomUUID());
    await writeFile(temp, body);
    await mkdir(dirname(target), { recursive: true });
    await fsStore.putMetadata(object.bucket, object.key, object.metadata, md5);
    await rename(temp, target);
    return { size: body.length, md5 };
  }

  async function checkPreconditions(ctx: KoaContext, bucket: string, key: string) {
    const ifNoneMatch = header(ctx, 'if-none-match');
    const ifMatch = header(ctx, 'if-match');
    if (
      ctx.method === 'PUT' &&
      ifNoneMatch?.trim() === '*' &&
      (await fsStore.existsObject(bucket, key))
    ) {
      throw new S3Error(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        {
          Condition: 'If-None-Match',
        },
      );
    }
    if (ifMatch !== undefined) {
      if (!(await fsStore.existsObject(bucket, key))) {
        throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
      }
      const { etag } = await fsStore.getMetadata(bucket, key);
      const wanted = ifMatch.split(',').map(unquote);
      if (!wanted.includes('*') && !wanted.includes(unquote(etag))) {
        throw new S3Error(
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
          {
            Condition: 'If-Match',
          },
        );
      }
    }
  }

  const conditionalWrites: Middleware = async (ctx, next) => {
    const [, rawBucket, ...rawKey] = ctx.path.split('/');
    const bucket = decodeURIComponent(rawBucket ?? '');
    const key = rawKey.map(decodeURIComponent).join('/');

    if (bucket && !key && ctx.method === 'GET' && ctx.query['list-type'] === '2') {
      return listWithPlainTokens(ctx, next);
    }
    if (!bucket || !key) return next();

    // The checks run inside s3rver's own store calls, i.e. after authentication and the bucket
    // check, and under the key's lock, so check-and-write is atomic like on S3.
    const perRequestStore: FilesystemStore = Object.create(fsStore) as FilesystemStore;
    perRequestStore.putObject = async (object) => {
      await checkPreconditions(ctx, bucket, key);
      return atomicPut(object);
    };
    perRequestStore.existsObject = async (b, k) => {
      if (ctx.method === 'DELETE') await checkPreconditions(ctx, bucket, key);
      return fsStore.existsObject(b, k);
    };
    ctx.store = perRequestStore;
    // Reads take the lock too, so a GET never pairs one write's body with another's ETag.
    await withLock(`${bucket}/${key}`, next);
  };

  // s3rver builds continuation tokens with DES; hand out the last key in base64url instead and
  // turn it back into StartAfter on the way in.
  const listWithPlainTokens: Middleware = async (ctx, next) => {
    const token = ctx.query['continuation-token'];
    if (typeof token === 'string' && token !== '') {
      const { 'continuation-token': _, ...rest } = ctx.query;
      ctx.query = { ...rest, 'start-after': decodeToken(token) };
    }
    let truncated = false;
    const perRequestStore: FilesystemStore = Object.create(fsStore) as FilesystemStore;
    // s3rver walks directories, which breaks S3's byte order for keys such as `a` and `a-b`
    // (stored as `a._S3rver_object` and `a-b._S3rver_object`): sort before cutting the page.
    perRequestStore.listObjects = async (b, o) => {
      const { maxKeys = Infinity, ...rest } = o as { maxKeys?: number };
      const all = await fsStore.listObjects(b, { ...rest, maxKeys: Infinity });
      const sorted = [...all.objects].sort((x, y) =>
        Buffer.compare(Buffer.from(x.key), Buffer.from(y.key)),
      );
      truncated = sorted.length > maxKeys;
      return { ...all, objects: sorted.slice(0, maxKeys), isTruncated: false };
    };
    ctx.store = perRequestStore;
    await next();
    const body = ctx.body as { ListBucketResult?: Record<string, unknown> } | undefined;
    const list = body?.ListBucketResult;
    if (list && truncated) {
      const contents = list['Contents'] as { Key: string }[];
      const last = contents[contents.length - 1];
      list['IsTruncated'] = true;
      if (last) list['NextContinuationToken'] = encodeToken(last.Key);
      if (typeof token === 'string' && token !== '') {
        list['ContinuationToken'] = token;
        delete list['StartAfter'];
      }
    }
  };

  // Koa runs middleware in array order; the router is the last one.
  server.middleware.splice(server.middleware.length - 1, 0, conditionalWrites);

  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    port: address.port,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
