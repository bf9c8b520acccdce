// The test server must refuse conditional writes the way real S3 does, or the store tests prove nothing.
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '@strata/store-testkit';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

let server: TestS3Server;
let client: S3Client;
const Bucket = 'server-test';

beforeAll(async () => {
  server = await startS3Server();
  client = new S3Client({ ...server.clientConfig, maxAttempts: 1 });
  await client.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

async function status(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof S3ServiceException)
      return `${error.$metadata.httpStatusCode} ${error.name}`;
    throw error;
  }
}

const put = (Key: string, Body: string, extra: { IfNoneMatch?: string; IfMatch?: string } = {}) =>
  client.send(new PutObjectCommand({ Bucket, Key, Body, ...extra }));

describe('conditional writes', () => {
  it('lets exactly one of 20 concurrent create-only PUTs of one key succeed', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        status(put('race/one', `writer ${i}`, { IfNoneMatch: '*' })),
      ),
    );
    expect(results.filter((r) => r === 200)).toHaveLength(1);
    expect(results.filter((r) => r === '412 PreconditionFailed')).toHaveLength(19);
  });

  it('refuses If-None-Match: * on an existing key and keeps the first body', async () => {
    expect(await status(put('create/a', 'first', { IfNoneMatch: '*' }))).toBe(200);
    expect(await status(put('create/a', 'second', { IfNoneMatch: '*' }))).toBe(
      '412 PreconditionFailed',
    );
    const got = await client.send(new GetObjectCommand({ Bucket, Key: 'create/a' }));
    expect(await got.Body?.transformToString()).toBe('first');
  });

  it.each([
    ['the current ETag', 'current', 200],
    ['a stale ETag', 'stale', '412 PreconditionFailed'],
  ])('PUT with If-Match on %s answers %j', async (_, which, expected) => {
    const key = `match/put-${which}`;
    const first = await put(key, 'v1');
    const second = await put(key, 'v2');
    const etag = which === 'current' ? second.ETag : first.ETag;
    expect(await status(put(key, 'v3', { IfMatch: etag! }))).toBe(expected);
  });

  it('answers 404 NoSuchKey to If-Match on a missing key', async () => {
    expect(await status(put('match/missing', 'v1', { IfMatch: '"0123"' }))).toBe('404 NoSuchKey');
  });

  it('lets only one of 20 concurrent If-Match PUTs on the same ETag succeed', async () => {
    const { ETag } = await put('match/race', 'base');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        status(put('match/race', `writer ${i}`, { IfMatch: ETag! })),
      ),
    );
    expect(results.filter((r) => r === 200)).toHaveLength(1);
  });

  it.each([
    ['a stale ETag', false, '412 PreconditionFailed'],
    ['the current ETag', true, 200],
  ])('DELETE with If-Match on %s answers %j', async (_, current, expected) => {
    const key = `match/delete-${String(current)}`;
    const first = await put(key, 'v1');
    const second = await put(key, 'v2');
    const IfMatch = current ? second.ETag : first.ETag;
    expect(await status(client.send(new DeleteObjectCommand({ Bucket, Key: key, IfMatch })))).toBe(
      expected,
    );
  });
});

describe('listing', () => {
  it('lists keys in byte order, as S3 does', async () => {
    const keys = ['order/a', 'order/a-b', 'order/a.b', 'order/a/c', 'order/b'];
    await Promise.all([...keys].reverse().map((k) => put(k, k)));
    const page = await client.send(
      new ListObjectsV2Command({ Bucket, Prefix: 'order/', MaxKeys: 4 }),
    );
    expect(page.Contents?.map((o) => o.Key)).toEqual(keys.slice(0, 4));
    expect(page.IsTruncated).toBe(true);
  });

  it('pages ListObjectsV2 with continuation tokens and with StartAfter', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `list/k${i}`);
    await Promise.all(keys.map((k) => put(k, k)));

    const byToken: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: 'list/', MaxKeys: 3, ContinuationToken }),
      );
      byToken.push(...(page.Contents ?? []).map((o) => o.Key!));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);

    const byStartAfter: string[] = [];
    let StartAfter: string | undefined;
    for (;;) {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: 'list/', MaxKeys: 3, StartAfter }),
      );
      byStartAfter.push(...(page.Contents ?? []).map((o) => o.Key!));
      if (!page.IsTruncated) break;
      StartAfter = byStartAfter[byStartAfter.length - 1];
    }

    expect(byToken).toEqual(keys);
    expect(byStartAfter).toEqual(keys);
  });
});
