// S3-specific behaviour of the store, against a real S3-compatible server over HTTP. The shared
// Store contract runs in contract.test.ts.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  StoreConflictError,
  StoreCorruptError,
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
} from '@strata/core';
import { startS3Server } from '@strata/store-testkit';
import { describe, expect, it } from 'vitest';
import { s3ServerForFile, BUCKET, env, record, revision, storeOn } from './_fixtures.js';

const s3 = s3ServerForFile();

const putRaw = (key: string, body: string | Uint8Array) =>
  s3.raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));

describe('concurrency', () => {
  it('lets exactly one of 10 racing creators of one name win, with its own revision 1', async () => {
    const store = storeOn(s3.server);
    const e = env('acme', 'app', 'race');
    const uids = Array.from({ length: 10 }, (_, i) => `uid-${i}`);
    const results = await Promise.all(
      uids.map((uid) => store.createEnvironment(e, record(uid), revision(1, `by ${uid}`))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = uids[results.indexOf(true)]!;
    const doc = await store.getEnvironment(e);
    expect(doc?.value.uid).toBe(winner);
    const first = await storeOn(s3.server, { prefix: store.prefix }).getRevision(e, winner, 1);
    expect(new TextDecoder().decode(first?.definition)).toBe(`by ${winner}`);
    await store.close();
  });

  it('20 writers on two "machines": every accepted write is its own gapless revision, every loser a conflict', async () => {
    const prefix = storeOn(s3.server).prefix;
    const machines = [storeOn(s3.server, { prefix }), storeOn(s3.server, { prefix })];
    const services = machines.map((store) =>
      createEnvironmentsService({
        store,
        keyring: createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(3)) }),
        defaultOrg: 'acme',
      }),
    );
    const e = env('acme', 'app', 'busy');
    await services[0]!.createEnvironment(e, { actor: 'setup', definition: 'values: {}\n' });

    const accepted: { writer: number; number: number }[] = [];
    const rejected: unknown[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, writer) => {
        const service = services[writer % 2]!;
        for (let attempt = 0; attempt < 3; attempt++) {
          const { latest } = await service.getEnvironment(e);
          try {
            const info = await service.updateDefinition(e, `values:\n  writer: ${writer}\n`, {
              actor: `w${writer}`,
              basedOn: latest,
            });
            accepted.push({ writer, number: info.number });
          } catch (error) {
            rejected.push(error);
          }
        }
      }),
    );

    expect(accepted.length + rejected.length).toBe(60);
    expect(accepted.length).toBeGreaterThan(0);
    for (const error of rejected) expect(error).toBeInstanceOf(StoreConflictError);
    const numbers = accepted.map((a) => a.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: accepted.length }, (_, i) => i + 2));

    const reader = storeOn(s3.server, { prefix });
    const { value } = (await reader.getEnvironment(e))!;
    expect(await reader.getLatestRevision(e, value.uid)).toBe(accepted.length + 1);
    for (const { writer, number } of accepted) {
      const stored = await reader.getRevision(e, value.uid, number);
      expect(stored?.author).toBe(`w${writer}`);
    }
    await Promise.all([...machines, reader].map((s) => s.close()));
  });

  it('publishes a revision whose writer stopped before publishing it, for the next writer of that number', async () => {
    const prefix = storeOn(s3.server).prefix;
    const e = env('acme', 'app', 'stopped');
    const reader = storeOn(s3.server, { prefix });
    await reader.createEnvironment(e, record('u1'), revision(1));
    // A machine that stops between its two writes: the revision object lands, the environment
    // object that publishes it never leaves.
    const client = new S3Client({ ...s3.server.clientConfig, maxAttempts: 1 });
    client.middlewareStack.add(
      (next, context) => (args) => {
        const key = (args.input as { Key?: string }).Key ?? '';
        if (context.commandName === 'PutObjectCommand' && key.includes('/environments/'))
          throw new Error('the machine stopped');
        return next(args);
      },
      { step: 'initialize', name: 'stopBeforePublishing' },
    );
    const stopped = storeOn(s3.server, { prefix, client });
    await expect(stopped.appendRevision(e, 'u1', revision(2, 'stopped writer'))).rejects.toThrow();
    expect((await reader.getEnvironment(e))?.latest).toBe(1);

    expect(await reader.appendRevision(e, 'u1', revision(2, 'next writer'))).toBe(false);
    expect((await reader.getEnvironment(e))?.latest).toBe(2);
    const second = await reader.getRevision(e, 'u1', 2);
    expect(new TextDecoder().decode(second?.definition)).toBe('stopped writer');
    expect(await reader.appendRevision(e, 'u1', revision(3))).toBe(true);
    expect(await reader.getLatestRevision(e, 'u1')).toBe(3);
    await Promise.all([reader.close(), stopped.close()]);
    client.destroy();
  });

  it('gives a rewritten metadata document a new version even when its content is unchanged', async () => {
    const store = storeOn(s3.server);
    const e = env('acme', 'app', 'aba');
    const rec = record();
    await store.createEnvironment(e, rec, revision(1));
    const v1 = (await store.getEnvironment(e))!.version;
    const v2 = await store.updateEnvironment(e, rec, v1);
    expect(v2).not.toBeNull();
    expect(v2).not.toBe(v1);
    expect(await store.updateEnvironment(e, rec, v1)).toBeNull();
    await store.close();
  });

  it('recognises its own write when a retried conditional PUT answers 412', async () => {
    // The first attempt reaches the s3.server, then the client "loses the connection"; the SDK retries
    // and the retry answers 412 because the first attempt already stored the object.
    const client = new S3Client({ ...s3.server.clientConfig, maxAttempts: 3 });
    let dropped = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        if (dropped++ === 0) {
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: {} });
        }
        return result;
      },
      { step: 'deserialize', name: 'dropFirstResponse' },
    );
    const store = storeOn(s3.server, { client });
    const e = env('acme', 'app', 'retried');
    expect(await store.createEnvironment(e, record(), revision(1))).toBe(true);
    expect(dropped).toBeGreaterThan(1);
    expect(await store.getEnvironment(e)).toBeDefined();
    await store.close();
    client.destroy();
  });
});

describe('layout', () => {
  it('keeps installations with different prefixes apart in one bucket', async () => {
    const a = storeOn(s3.server, { prefix: 'team-a' });
    const b = storeOn(s3.server, { prefix: 'team-b/' });
    const e = env('acme', 'app', 'shared-name');
    expect(await a.createEnvironment(e, record(), revision(1))).toBe(true);
    expect(await b.createEnvironment(e, record(), revision(1))).toBe(true);
    expect((await a.listEnvironments({ limit: 10 })).items).toEqual([e]);
    expect((await b.listEnvironments({ limit: 10 })).items).toEqual([e]);
    expect(a.prefix).toBe('team-a/');
    await Promise.all([a.close(), b.close()]);
  });

  it('lists environments in org/project/name order across pages, with names that prefix each other', async () => {
    const store = storeOn(s3.server);
    const names = ['app', 'app-dev', 'app.x', 'b'];
    for (const name of [...names].reverse())
      await store.createEnvironment(env('o', 'p', name), record(), revision(1));
    await store.createEnvironment(env('o-x', 'p', 'z'), record(), revision(1));

    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await store.listEnvironments({ limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.items.map((k) => `${k.org}/${k.project}/${k.name}`));
      after = page.next;
    } while (after);
    expect(seen).toEqual(['o-x/p/z', 'o/p/app', 'o/p/app-dev', 'o/p/app.x', 'o/p/b']);
    expect(
      (await store.listEnvironments({ limit: 10, org: 'o', project: 'p' })).items,
    ).toHaveLength(4);
    await store.close();
  });

  it('writes the documented keys', async () => {
    const store = storeOn(s3.server, { prefix: 'docs-example' });
    const e = env('acme', 'payments', 'prod');
    await store.createEnvironment(e, record('u1'), revision(1));
    await store.appendRevision(e, 'u1', revision(2));
    await store.appendAudit({
      id: '2024-01-02T03:04:05.000Z/00ff',
      at: '2024-01-02T03:04:05.000Z',
      actor: 'alice',
      action: 'create',
      env: e,
      revision: 1,
      details: {},
    });
    await store.putKeyring({ orgs: {} }, null);
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const listed = await s3.raw.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'docs-example/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toMatchInlineSnapshot(`
      [
        "docs-example/audit/env/acme/payments/prod/2024-01-02T03:04:05.000Z/00ff",
        "docs-example/environments/acme/payments/prod",
        "docs-example/keyring",
        "docs-example/revisions/acme/payments/prod/u1/0000000001",
        "docs-example/revisions/acme/payments/prod/u1/0000000002",
      ]
    `);
    await store.close();
  });
});

describe('environment objects of schema 1 (Strata 0.1)', () => {
  it('are read with a listing for the latest number, and upgraded by the next write', async () => {
    const store = storeOn(s3.server);
    const e = env('acme', 'app', 'old');
    const key = `${store.prefix}environments/acme/app/old`;
    await store.createEnvironment(e, record('u1'), revision(1));
    await store.appendRevision(e, 'u1', revision(2));
    // What Strata 0.1 wrote: no latest number.
    await putRaw(
      key,
      JSON.stringify({ schema: 1, kind: 'environment', writeId: 'w', record: record('u1') }),
    );

    const reader = storeOn(s3.server, { prefix: store.prefix });
    expect((await reader.getEnvironment(e))?.latest).toBe(2);
    expect(reader.requestStats().byCommand).toEqual({
      GetObjectCommand: 1,
      ListObjectsV2Command: 1,
    });
    expect(await reader.appendRevision(e, 'u1', revision(3))).toBe(true);

    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const stored = await (
      await s3.raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    ).Body!.transformToString();
    expect(JSON.parse(stored)).toMatchObject({ schema: 2, latest: 3, record: record('u1') });
    const fresh = storeOn(s3.server, { prefix: store.prefix });
    expect((await fresh.getEnvironment(e))?.latest).toBe(3);
    expect(fresh.requestStats().byCommand).toEqual({ GetObjectCommand: 1 });
    await Promise.all([store.close(), reader.close(), fresh.close()]);
  });
});

describe('caching', () => {
  it('re-reads mutable objects but serves revisions from memory', async () => {
    const store = storeOn(s3.server);
    const other = storeOn(s3.server, { prefix: store.prefix });
    const e = env('acme', 'app', 'cached');
    await store.createEnvironment(e, record('u1'), revision(1));
    await other.appendRevision(e, 'u1', revision(2));
    // Another machine's append is visible at once.
    expect(await store.getLatestRevision(e, 'u1')).toBe(2);

    await store.getRevision(e, 'u1', 2);
    const before = store.requestStats().total;
    await store.getRevision(e, 'u1', 2);
    expect(store.requestStats().total).toBe(before);
    await store.getEnvironment(e);
    expect(store.requestStats()).toMatchObject({ total: before + 1 });
    await Promise.all([store.close(), other.close()]);
  });

  it('costs few requests per operation (what the benchmark reports as s3.requests_*)', async () => {
    const prefix = storeOn(s3.server).prefix;
    const masterKey = createMasterKey(new Uint8Array(32).fill(5));
    const serviceOn = (store: ReturnType<typeof storeOn>) =>
      createEnvironmentsService({
        store,
        keyring: createKeyring({ store, masterKey }),
        defaultOrg: 'acme',
        // Chain heads only with each process's first event: counts that do not vary with speed.
        auditHeadIntervalMs: 60_000,
      });
    const store = storeOn(s3.server, { prefix });
    const service = serviceOn(store);
    const cost = async (work: (s: typeof service) => Promise<unknown>, s = service, st = store) => {
      const before = st.requestStats().total;
      await work(s);
      return st.requestStats().total - before;
    };
    const open = (s: typeof service) => s.open('acme/app/costly', { actor: 'bob' });

    const create = await cost((s) =>
      s.createEnvironment('acme/app/costly', { actor: 'alice', definition: 'values: {}\n' }),
    );
    const update = await cost((s) =>
      s.updateDefinition('acme/app/costly', 'values:\n  a: 1\n', { actor: 'alice', basedOn: 1 }),
    );
    const tagMove = await cost((s) =>
      s.tagRevision('acme/app/costly', 'stable', 2, { actor: 'alice' }),
    );
    const cold = storeOn(s3.server, { prefix });
    const openCold = await cost(open, serviceOn(cold), cold);
    const openWarm = await cost(open);

    expect({ create, update, tagMove, openCold, openWarm }).toEqual({
      // A process's first audit event also writes its hash chain's head (one PUT); later ones
      // move it at most once a second.
      create: 4, // revision 1, metadata, audit event, chain head
      update: 4, // metadata (with the latest number), revision, metadata publishing it, audit event
      tagMove: 3, // metadata (with the latest number), metadata, audit event
      openCold: 4, // metadata (with the latest number), revision, audit event, chain head
      openWarm: 2, // metadata; the revision comes from memory; audit event
    });
    await Promise.all([store.close(), cold.close()]);
  });

  it('counts requests by command', async () => {
    const store = storeOn(s3.server);
    expect(store.requestStats()).toEqual({ total: 0, byCommand: {} });
    await store.createEnvironment(env('acme', 'app', 'counted'), record(), revision(1));
    expect(store.requestStats()).toEqual({ total: 2, byCommand: { PutObjectCommand: 2 } });
    await store.close();
  });
});

describe('corrupt objects', () => {
  const e = env('acme', 'app', 'broken');
  const valid = (uid: string) =>
    JSON.stringify({ schema: 1, kind: 'environment', writeId: 'w', record: record(uid) });

  it.each([
    ['truncated JSON', (s: string) => s.slice(0, 40), /not valid JSON/],
    ['an empty object', () => new Uint8Array(), /empty/],
    [
      'JSON of the wrong shape',
      () => JSON.stringify({ schema: 1, kind: 'environment', writeId: 'w', record: { uid: 5 } }),
      /record\.uid/,
    ],
    [
      'a record from a newer schema',
      (s: string) => s.replace('"schema":1', '"schema":3'),
      /newer Strata/,
    ],
  ])(
    'metadata holding %s → StoreCorruptError naming the environment and the key',
    async (_, mangle, reason) => {
      const store = storeOn(s3.server);
      await putRaw(`${store.prefix}environments/acme/app/broken`, mangle(valid('u1')));
      const error = await store.getEnvironment(e).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(StoreCorruptError);
      const message = (error as Error).message;
      expect(message).toContain('acme/app/broken');
      expect(message).toContain(`s3://${BUCKET}/${store.prefix}environments/acme/app/broken`);
      expect(message).toMatch(reason);
      await store.close();
    },
  );

  it.each([
    ['truncated JSON', (s: string) => s.slice(0, 30), /not valid JSON/],
    [
      'another revision copied into place',
      (s: string) => s.replace('"number":2', '"number":3'),
      /holds revision 3/,
    ],
    ['a newer schema', (s: string) => s.replace('"schema":1', '"schema":7'), /schema 7/],
  ])(
    'a revision holding %s → StoreCorruptError naming the environment and the key',
    async (_, mangle, reason) => {
      const store = storeOn(s3.server);
      await store.createEnvironment(e, record('u1'), revision(1));
      const key = `${store.prefix}revisions/acme/app/broken/u1/0000000002`;
      const writer = storeOn(s3.server, { prefix: store.prefix });
      await writer.appendRevision(e, 'u1', revision(2));
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const good = await (
        await s3.raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
      ).Body!.transformToString();
      await putRaw(key, mangle(good));
      const error = await store.getRevision(e, 'u1', 2).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(StoreCorruptError);
      expect((error as Error).message).toContain('acme/app/broken');
      expect((error as Error).message).toContain(`s3://${BUCKET}/${key}`);
      expect((error as Error).message).toMatch(reason);
      await Promise.all([store.close(), writer.close()]);
    },
  );
});

describe('misconfiguration', () => {
  it.each([
    [
      'a missing bucket',
      () => ({ bucket: 'no-such-bucket' }),
      /bucket "no-such-bucket" does not exist at S3 endpoint http:\/\/127\.0\.0\.1:\d+/,
    ],
    [
      'bad credentials',
      () => ({ credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' } }),
      /^access to bucket "strata-test" at S3 endpoint http:\/\/127\.0\.0\.1:\d+ was denied \(InvalidAccessKeyId\)/,
    ],
  ])('%s → an error naming the endpoint', async (_, override, message) => {
    const store = storeOn(s3.server, override());
    await expect(store.getEnvironment(env('acme', 'app', 'x'))).rejects.toThrow(message);
    await expect(store.getEnvironment(env('acme', 'app', 'x'))).rejects.toThrow(s3.server.endpoint);
    await store.close();
  });

  it('an unreachable endpoint → an error naming the endpoint, after retrying the read', async () => {
    const closed = await startS3Server();
    const endpoint = closed.endpoint;
    await closed.close();
    const store = storeOn(s3.server, { endpoint, maxAttempts: 2 });
    const error = await store.listEnvironments({ limit: 1 }).catch((err: unknown) => err);
    expect((error as Error).message).toBe(
      `cannot reach S3 endpoint ${endpoint} (ECONNREFUSED): ${((error as Error).cause as Error).message}`,
    );
    expect(store.requestStats().total).toBe(2);
    await store.close();
  });

  it.each([
    ['an empty bucket name', { bucket: '' }, /invalid S3 bucket name/],
    ['an endpoint that is no URL', { endpoint: 'localhost:9000' }, /invalid S3 endpoint/],
    ['zero attempts', { maxAttempts: 0 }, /maxAttempts/],
  ])('rejects %s up front', (_, override, message) => {
    expect(() => storeOn(s3.server, override)).toThrow(message);
  });
});
