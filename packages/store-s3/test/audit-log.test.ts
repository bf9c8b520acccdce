// The audit log's key layout on S3: events live under their environment, so listing one
// environment reads only its own keys; the whole log is merged from the environments' keys; events
// that Strata 0.1 wrote at audit/<id> are still read.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AuditEvent, EnvironmentKey, ListAuditOptions, Store } from '@strata/core';
import { BoundedMap, StoreCorruptError, formatEnvironmentKey } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../src/_audit-log.js';
import { createKeyLayout } from '../src/_keys.js';
import { createObjectIo } from '../src/_object-io.js';
import { createStoreClient } from '../src/_s3-client.js';
import { s3ServerForFile, BUCKET, env, storeOn } from './_fixtures.js';

const s3 = s3ServerForFile();

const T0 = Date.UTC(2024, 0, 2, 3, 4, 5);

/** Event `n`, `n` seconds (plus `ms`) after T0; ids sort as the times do. */
function event(n: number, key: EnvironmentKey, ms = 0): AuditEvent {
  const at = new Date(T0 + n * 1000 + ms).toISOString();
  return {
    id: `${at}/${(n * 1000 + ms + 1e9).toString(16)}`,
    at,
    actor: 'alice',
    action: 'open',
    env: key,
    revision: null,
    details: {},
  };
}

async function appendAll(store: Store, events: readonly AuditEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 16)
    await Promise.all(events.slice(i, i + 16).map((e) => store.appendAudit(e)));
}

/** What the Store contract says a listing returns, computed from every event. */
function expected(events: readonly AuditEvent[], options: Omit<ListAuditOptions, 'limit'>) {
  return events
    .filter(
      (e) =>
        (options.env === undefined ||
          formatEnvironmentKey(e.env) === formatEnvironmentKey(options.env)) &&
        (options.org === undefined || e.env.org === options.org) &&
        (options.since === undefined || e.at >= options.since) &&
        (options.until === undefined || e.at < options.until) &&
        (options.after === undefined || e.id > options.after),
    )
    .map((e) => e.id)
    .sort();
}

async function allIds(store: Store, options: ListAuditOptions): Promise<string[]> {
  const ids: string[] = [];
  let after = options.after;
  for (;;) {
    const page = await store.listAudit({ ...options, ...(after === undefined ? {} : { after }) });
    ids.push(...page.items.map((e) => e.id));
    expect(page.items.length).toBeLessThanOrEqual(options.limit);
    if (page.next === undefined) return ids;
    after = page.next;
  }
}

// Names that sort right around the target's, sharing its prefix, in other projects and orgs.
const target = env('acme', 'app', 'target');
const others = [
  env('acme', 'app', 'a'),
  env('acme', 'app', 'targe'),
  env('acme', 'app', 'target-2'),
  env('acme', 'app', 'target.x'),
  env('acme', 'app', 'target0'),
  env('acme', 'app', 'z'),
  env('acme', 'app-2', 'target'),
  env('acme', 'web', 'target'),
  env('0rg', 'app', 'target'),
  env('beta', 'app', 'target'),
];

describe('audit log layout', () => {
  it('lists one environment’s events in requests that do not grow with other environments’ events', async () => {
    const writer = storeOn(s3.server);
    const cost = async (options: Omit<ListAuditOptions, 'limit'>) => {
      const reader = storeOn(s3.server, { prefix: writer.prefix }); // cold: nothing cached
      const page = await reader.listAudit({ ...options, limit: 10 });
      const requests = reader.requestStats().byCommand;
      await reader.close();
      return { ids: page.items.map((e) => e.id), next: page.next, requests };
    };

    const first = Array.from({ length: 40 }, (_, n) =>
      event(n, n % 10 === 3 ? target : others[n % others.length]!),
    );
    await appendAll(writer, first);
    const few = await cost({ env: target });
    expect(few.ids).toEqual(expected(first, { env: target }));
    expect(few.ids).toHaveLength(4);
    // One LIST of its own keys, one of the old layout's (none here), one GET per event.
    expect(few.requests).toEqual({ ListObjectsV2Command: 2, GetObjectCommand: 4 });
    const window = await cost({ env: target, since: first[13]!.at, until: first[33]!.at });
    expect(window.ids).toEqual([first[13]!.id, first[23]!.id]);
    expect(window.requests).toEqual({ ListObjectsV2Command: 2, GetObjectCommand: 2 });

    // Five times as many events of other environments: before, between and after the target's.
    const more = [
      ...Array.from({ length: 40 }, (_, n) => event(-n - 1, others[n % others.length]!)),
      ...Array.from({ length: 40 }, (_, n) => event(n, others[(n + 3) % others.length]!, 500)),
      ...Array.from({ length: 100 }, (_, n) => event(40 + n, others[n % others.length]!)),
    ];
    await appendAll(writer, more);
    expect(await cost({ env: target })).toEqual(few);
    expect(await cost({ env: target, since: first[13]!.at, until: first[33]!.at })).toEqual(window);
    await writer.close();
  });

  it('lists one organization’s events from its own keys, in requests that do not grow with other organizations’ events', async () => {
    const writer = storeOn(s3.server);
    // The same listing, 10 keys per LIST: the LISTs it takes show which keys it walks.
    const commands: string[] = [];
    const storeClient = createStoreClient(
      { bucket: BUCKET, prefix: writer.prefix, maxAttempts: 1, ...s3.server.clientConfig },
      { record: (command) => commands.push(command) },
    );
    const log = createAuditLog(
      createObjectIo(BUCKET, storeClient),
      createKeyLayout(writer.prefix),
      new BoundedMap(5000),
      10,
    );
    const walk = async (options: ListAuditOptions) => {
      commands.length = 0;
      const ids = (await log.list(options)).items.map((e) => e.id);
      return { ids, lists: commands.filter((c) => c === 'ListObjectsV2Command').length };
    };
    const cost = async (options: Omit<ListAuditOptions, 'limit'>, limit = 10) => {
      const reader = storeOn(s3.server, { prefix: writer.prefix }); // cold: nothing cached
      const page = await reader.listAudit({ ...options, limit });
      const requests = reader.requestStats().byCommand;
      await reader.close();
      return { ids: page.items.map((e) => e.id), next: page.next, requests };
    };
    // `acme` has eight environments (those of `others`); `acme-2` and `acm` sort around it.
    const neighbours = [env('acme-2', 'app', 'target'), env('acm', 'app', 'target'), ...others];
    const first = Array.from({ length: 48 }, (_, n) => event(n, neighbours[n % 12]!));
    await appendAll(writer, first);
    const acme = expected(first, { org: 'acme' });
    expect(acme).toHaveLength(32);
    const page = await cost({ org: 'acme' });
    expect(page.ids).toEqual(acme.slice(0, 10));
    expect(page.next).toBe(acme[9]);
    // One LIST of the org's keys, one of the old layout's (none here), one GET per event.
    expect(page.requests).toEqual({ ListObjectsV2Command: 2, GetObjectCommand: 10 });
    const window = await cost({ org: 'acme', since: first[20]!.at, until: first[30]!.at });
    expect(window.ids).toEqual(
      expected(first, { org: 'acme', since: first[20]!.at, until: first[30]!.at }),
    );
    expect(window.requests).toEqual({ ListObjectsV2Command: 2, GetObjectCommand: 6 });
    expect((await cost({ org: 'beta' }, 100)).ids).toEqual(expected(first, { org: 'beta' }));
    expect((await cost({ org: 'acm' }, 100)).ids).toEqual(expected(first, { org: 'acm' }));
    const walked = await walk({ org: 'acme', limit: 5 });
    expect(walked.ids).toEqual(acme.slice(0, 5));

    // Five times as many events of other organizations: before, between and after acme's.
    const elsewhere = [env('acme-2', 'app', 'a'), env('acm', 'x', 'y'), env('beta', 'b', 'c')];
    const more = Array.from({ length: 240 }, (_, n) =>
      event(n - 100, elsewhere[n % elsewhere.length]!, 250),
    );
    await appendAll(writer, more);
    expect(await cost({ org: 'acme' })).toEqual(page);
    expect(await cost({ org: 'acme', since: first[20]!.at, until: first[30]!.at })).toEqual(window);
    expect(await walk({ org: 'acme', limit: 5 })).toEqual(walked);
    storeClient.close();
    await writer.close();
  });

  it('lists the whole log in id order across environments and pages, reading only each page’s events', async () => {
    const store = storeOn(s3.server);
    // 120 events over eleven environments, appended out of order.
    const envs = [target, ...others];
    const events = Array.from({ length: 120 }, (_, n) => event(n, envs[(n * 7) % 11]!));
    const shuffled = events.map((e, i) => ({ e, k: (i * 37) % 120 })).sort((x, y) => x.k - y.k);
    await appendAll(
      store,
      shuffled.map((x) => x.e),
    );

    for (const limit of [7, 1000])
      expect(await allIds(store, { limit })).toEqual(expected(events, {}));
    const windows: Omit<ListAuditOptions, 'limit'>[] = [
      { since: events[30]!.at },
      { until: events[90]!.at },
      { since: events[30]!.at, until: events[40]!.at },
      { after: events[64]!.id },
      { after: events[64]!.id, since: events[40]!.at, until: events[100]!.at },
      { env: target, since: events[30]!.at },
      { env: others[3]!, after: events[50]!.id, until: events[110]!.at },
      { org: 'acme' },
      { org: 'beta', since: events[30]!.at },
      { org: 'acme', after: events[64]!.id, until: events[100]!.at },
    ];
    for (const window of windows)
      expect(await allIds(store, { ...window, limit: 9 }), JSON.stringify(window)).toEqual(
        expected(events, window),
      );
    const oneByOne = { since: events[30]!.at, until: events[40]!.at, limit: 1 };
    expect(await allIds(store, oneByOne)).toEqual(expected(events, oneByOne));

    // A cold reader: the keys come in one LIST (fewer than 1000), and only the page is read.
    const reader = storeOn(s3.server, { prefix: store.prefix });
    const page = await reader.listAudit({ limit: 5 });
    expect(page.items.map((e) => e.id)).toEqual(expected(events, {}).slice(0, 5));
    expect(page.next).toBe(events[4]!.id);
    expect(reader.requestStats().byCommand).toEqual({
      ListObjectsV2Command: 1,
      GetObjectCommand: 5,
    });
    await Promise.all([store.close(), reader.close()]);
  });

  it('walks the whole log with skips: about two LISTs per environment, not one per page of keys', async () => {
    // The walk's LIST size at 10 keys instead of 1000 shows what 1000 does on a large log.
    const prefix = storeOn(s3.server).prefix;
    const listed: string[] = [];
    const storeClient = createStoreClient(
      { bucket: BUCKET, prefix, maxAttempts: 1, ...s3.server.clientConfig },
      { record: (command) => listed.push(command) },
    );
    const layout = createKeyLayout(prefix);
    const log = createAuditLog(
      createObjectIo(BUCKET, storeClient),
      layout,
      new BoundedMap(5000),
      10,
    );
    const envs = [
      env('acme', 'app', 'a'),
      env('acme', 'app', 'b'),
      env('acme', 'web', 'c'),
      target,
    ];
    const events = envs.flatMap((e, i) => Array.from({ length: 30 }, (_, n) => event(n, e, i)));
    const store = storeOn(s3.server, { prefix });
    await appendAll(store, events);

    const walk = async (options: ListAuditOptions) => {
      listed.length = 0;
      const page = await log.list(options);
      return {
        ids: page.items.map((e) => e.id),
        lists: listed.filter((c) => c === 'ListObjectsV2Command').length,
      };
    };
    // Listing every key would take 12 LISTs of 10 keys.
    const start = await walk({ limit: 3 });
    expect(start.ids).toEqual(expected(events, {}).slice(0, 3));
    expect(start.lists).toBe(envs.length + 1);
    const late = await walk({ since: events[20]!.at, limit: 3 });
    expect(late.ids).toEqual(expected(events, { since: events[20]!.at }).slice(0, 3));
    expect(late.lists).toBe(2 * envs.length);
    const window = await walk({ since: events[5]!.at, until: events[8]!.at, limit: 50 });
    expect(window.ids).toEqual(expected(events, { since: events[5]!.at, until: events[8]!.at }));
    expect(window.lists).toBeLessThanOrEqual(2 * envs.length + 1);
    storeClient.close();
    await store.close();
  });
});

describe('audit events of Strata 0.1 (at audit/<id>)', () => {
  const oldObject = (e: AuditEvent) =>
    JSON.stringify({ schema: 1, kind: 'audit', writeId: `w-${e.id}`, event: e });

  it('are listed with the new ones, in id order, whole and by environment', async () => {
    const store = storeOn(s3.server);
    const b = env('acme', 'app', 'b');
    const events = Array.from({ length: 30 }, (_, n) => event(n, n % 3 === 0 ? target : b));
    // The first 20 were written by Strata 0.1, the rest after the upgrade; one old writer still ran.
    const old = [...events.slice(0, 20), events[25]!];
    for (const e of old)
      await s3.raw.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `${store.prefix}audit/${e.id}`,
          Body: oldObject(e),
        }),
      );
    await appendAll(
      store,
      events.filter((e) => !old.includes(e)),
    );

    expect(await allIds(store, { limit: 4 })).toEqual(expected(events, {}));
    expect(await allIds(store, { env: target, limit: 3 })).toEqual(
      expected(events, { env: target }),
    );
    expect(await allIds(store, { env: b, since: events[10]!.at, limit: 3 })).toEqual(
      expected(events, { env: b, since: events[10]!.at }),
    );
    // By organization: the old events' bodies name it; `other` has one of each layout.
    const other = env('other', 'app', 'b');
    const theirs = [event(40, other), event(41, other)];
    await s3.raw.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${store.prefix}audit/${theirs[0]!.id}`,
        Body: oldObject(theirs[0]!),
      }),
    );
    await store.appendAudit(theirs[1]!);
    expect(await allIds(store, { org: 'acme', limit: 4 })).toEqual(expected(events, {}));
    expect(await allIds(store, { org: 'other', limit: 1 })).toEqual(theirs.map((e) => e.id));
    expect(await allIds(store, { org: 'acme', since: events[10]!.at, limit: 3 })).toEqual(
      expected(events, { since: events[10]!.at }),
    );
    const page = await store.listAudit({ env: target, limit: 100 });
    expect(page.items).toEqual(events.filter((e) => e.env === target));
    await store.close();
  });

  it('are not written any more: new events are schema 2, under their environment', async () => {
    const store = storeOn(s3.server);
    const e = event(1, target);
    await store.appendAudit(e);
    const out = await s3.raw.send(
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: `${store.prefix}audit/env/acme/app/target/${e.id}`,
      }),
    );
    expect(JSON.parse(await out.Body!.transformToString())).toMatchObject({
      schema: 2,
      kind: 'audit',
      event: e,
    });
    await store.close();
  });
});

describe('corrupt audit objects', () => {
  it('an event copied under another environment → StoreCorruptError naming the key', async () => {
    const store = storeOn(s3.server);
    const e = event(1, target);
    await store.appendAudit(e);
    const source = `${store.prefix}audit/env/acme/app/target/${e.id}`;
    const copy = `${store.prefix}audit/env/acme/app/a/${e.id}`;
    const body = await (
      await s3.raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: source }))
    ).Body!.transformToString();
    await s3.raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: copy, Body: body }));
    const reader = storeOn(s3.server, { prefix: store.prefix });
    const error = await reader
      .listAudit({ env: env('acme', 'app', 'a'), limit: 5 })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(`s3://${BUCKET}/${copy}`);
    expect((error as Error).message).toContain('holds an event of acme/app/target');
    await Promise.all([store.close(), reader.close()]);
  });

  it('a key of another shape under audit/env/ → StoreCorruptError naming it', async () => {
    const store = storeOn(s3.server);
    await store.appendAudit(event(1, target));
    const key = `${store.prefix}audit/env/acme/app`;
    await s3.raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{}' }));
    const error = await store.listAudit({ limit: 5 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(`s3://${BUCKET}/${key}`);
    expect((error as Error).message).toContain('the key is not audit/env/');
    await store.close();
  });
});
