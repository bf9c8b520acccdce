// Documents on S3: one object each at documents/<collection>/<id>, what they cost in requests, and
// what is refused when read back. The behaviour every store shares runs in contract.test.ts.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { InvalidArgumentError, StoreCorruptError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { s3ServerForFile, BUCKET, storeOn } from './_fixtures.js';

const s3 = s3ServerForFile();

const putRaw = (key: string, body: string | Uint8Array) =>
  s3.raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
const getRaw = async (key: string) =>
  (await s3.raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();

/** The requests `work` sends, by command. */
async function requests(
  store: ReturnType<typeof storeOn>,
  work: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const before = store.requestStats().byCommand;
  await work();
  const after = store.requestStats().byCommand;
  return Object.fromEntries(
    Object.entries(after).flatMap(([command, n]) => {
      const sent = n - (before[command] ?? 0);
      return sent === 0 ? [] : [[command, sent]];
    }),
  );
}

describe('document objects', () => {
  it('are written at documents/<collection>/<id>, in an envelope naming them', async () => {
    const store = storeOn(s3.server, { prefix: 'docs-documents' });
    await store.putDocument('users', 'alice@example.com', { name: 'Alice' }, null);
    await store.putDocument('access-tokens', 'a1b2', { id: 'tok-1' }, null);
    const listed = await s3.raw.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'docs-documents/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual([
      'docs-documents/documents/access-tokens/a1b2',
      'docs-documents/documents/users/alice@example.com',
    ]);
    const stored = JSON.parse(
      await getRaw('docs-documents/documents/users/alice@example.com'),
    ) as Record<string, unknown>;
    const { writeId, ...rest } = stored;
    expect(typeof writeId).toBe('string');
    expect(rest).toEqual({
      schema: 1,
      kind: 'document',
      collection: 'users',
      id: 'alice@example.com',
      value: { name: 'Alice' },
    });
    await store.close();
  });

  it('cost one request per read, write and delete, and a LIST plus a GET per document listed', async () => {
    const store = storeOn(s3.server);
    const reader = storeOn(s3.server, { prefix: store.prefix });
    let version: string | null = null;
    expect(
      await requests(store, async () => {
        version = await store.putDocument('users', 'a', { n: 1 }, null);
      }),
    ).toEqual({ PutObjectCommand: 1 });
    expect(
      await requests(store, async () => {
        version = await store.putDocument('users', 'a', { n: 2 }, version);
      }),
    ).toEqual({ PutObjectCommand: 1 });
    expect(await requests(store, () => store.putDocument('users', 'a', {}, 'stale'))).toEqual({
      PutObjectCommand: 1,
    });
    // Documents are mutable: every read goes to the bucket, so another machine's write shows.
    expect(await requests(reader, () => reader.getDocument('users', 'a'))).toEqual({
      GetObjectCommand: 1,
    });
    expect(await requests(reader, () => reader.getDocument('users', 'a'))).toEqual({
      GetObjectCommand: 1,
    });
    for (const id of ['b', 'c', 'd', 'e']) await store.putDocument('users', id, { id }, null);
    expect(
      await requests(reader, async () => {
        const page = await reader.listDocuments('users', { limit: 3 });
        expect(page.items.map((d) => d.id)).toEqual(['a', 'b', 'c']);
        expect(page.next).toBe('c');
      }),
    ).toEqual({ ListObjectsV2Command: 1, GetObjectCommand: 3 });
    expect(await requests(store, () => store.deleteDocument('users', 'a', version!))).toEqual({
      DeleteObjectCommand: 1,
    });
    // Refused ids and empty versions cost nothing.
    expect(
      await requests(store, async () => {
        await expect(store.getDocument('users', '../keyring')).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
        expect(await store.putDocument('users', 'b', {}, '')).toBeNull();
        expect(await store.deleteDocument('users', 'b', '')).toBe(false);
      }),
    ).toEqual({});
    await Promise.all([store.close(), reader.close()]);
  });

  it('leaves a document deleted between the LIST and its GET out of the page, next unchanged', async () => {
    const writer = storeOn(s3.server);
    for (const id of ['a', 'b', 'c']) await writer.putDocument('users', id, { id }, null);
    const b = (await writer.getDocument('users', 'b'))!;
    // Another machine deletes `b` right after this one's LIST is answered, before its GETs.
    const client = new S3Client({ ...s3.server.clientConfig, maxAttempts: 1 });
    let deleted = false;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === 'ListObjectsV2Command' && !deleted)
          deleted = await writer.deleteDocument('users', 'b', b.version);
        return out;
      },
      { step: 'initialize' },
    );
    const reader = storeOn(s3.server, { prefix: writer.prefix, client });
    expect(await reader.listDocuments('users', { limit: 2 })).toEqual({
      items: [{ id: 'a', value: { id: 'a' } }],
      next: 'b',
    });
    expect(deleted).toBe(true);
    expect(await reader.listDocuments('users', { after: 'b', limit: 2 })).toEqual({
      items: [{ id: 'c', value: { id: 'c' } }],
    });
    await Promise.all([writer.close(), reader.close()]);
    client.destroy();
  });
});

describe('corrupt documents', () => {
  const envelope = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      schema: 1,
      kind: 'document',
      writeId: 'w',
      collection: 'users',
      id: 'alice',
      value: { name: 'Alice' },
      ...extra,
    });

  it.each([
    ['truncated JSON', envelope().slice(0, 30), /not valid JSON/],
    ['an empty object', new Uint8Array(), /the object is empty/],
    ['a bare value, not an envelope', JSON.stringify({ name: 'Alice' }), /schema/],
    ['another kind of object', envelope({ kind: 'keyring' }), /kind/],
    ['no value', JSON.stringify({ ...JSON.parse(envelope()), value: undefined }), /value/],
    ['an unknown field', envelope({ extra: 1 }), /extra/],
    ['a document of another id', envelope({ id: 'mallory' }), /holds document users\/mallory/],
    [
      'a document of another collection',
      envelope({ collection: 'orgs' }),
      /holds document orgs\/alice/,
    ],
    ['a newer schema', envelope({ schema: 5 }), /written with schema 5 by a newer Strata/],
  ])('an object holding %s → StoreCorruptError naming the key', async (_, body, reason) => {
    const store = storeOn(s3.server);
    const key = `${store.prefix}documents/users/alice`;
    await putRaw(key, body);
    for (const read of [
      () => store.getDocument('users', 'alice'),
      () => store.listDocuments('users', { limit: 5 }),
    ]) {
      const error = await read().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(StoreCorruptError);
      const message = (error as Error).message;
      expect(message).toContain(
        `corrupt document users/alice (s3://${BUCKET}/${key}) of the store`,
      );
      expect(message).toMatch(reason);
    }
    await store.close();
  });

  it('a key that names no document id → StoreCorruptError naming it', async () => {
    const store = storeOn(s3.server);
    await store.putDocument('users', 'alice', {}, null);
    for (const id of ['bob/extra', '..', 'a b']) {
      const key = `${store.prefix}documents/users/${id}`;
      await putRaw(key, envelope({ id }));
      const error = await store.listDocuments('users', { limit: 5 }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(StoreCorruptError);
      expect((error as Error).message).toContain(`s3://${BUCKET}/${key}`);
      expect((error as Error).message).toContain('the key is not documents/<collection>/<id>');
      await s3.raw.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    }
    await store.close();
  });
});
