// What an open costs on S3, request by request: a warm open reads one mutable pointer per
// environment of the import graph and writes its audit event; everything immutable (revisions,
// data keys) comes from memory. s3.requests_open_* in `pnpm bench` measures the same on 10 imports.
import { S3Client } from '@aws-sdk/client-s3';
import {
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
  valueToPlainJson,
  type EnvironmentsService,
} from '@strata/core';
import { startS3Server, type TestS3Server } from '@strata/store-testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUCKET, storeOn } from './_fixtures.js';

let server: TestS3Server;

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
});
afterAll(async () => {
  await server.close();
});

const masterKey = createMasterKey(new Uint8Array(32).fill(9));

/** A "machine": its own client (logging each request as `COMMAND key`), store and service. */
function machine(prefix?: string) {
  const requests: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const client = new S3Client(server.clientConfig);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Prefix?: string };
      requests.push(`${context.commandName} ${input.Key ?? input.Prefix ?? ''}`);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await next(args);
      } finally {
        inFlight--;
      }
    },
    { step: 'initialize', name: 'logRequests' },
  );
  const store = storeOn(server, { client, ...(prefix === undefined ? {} : { prefix }) });
  const service = createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey }),
    defaultOrg: 'acme',
    // The default (1 s) would write the chain head again on a slow run: the counts must not vary.
    auditHeadIntervalMs: 60_000,
  });
  /** Runs `work`: its result, the requests it sent (sorted, keys without the prefix), how many
   * were in flight at most. */
  const traced = async <T>(work: () => Promise<T>) => {
    requests.length = 0;
    maxInFlight = 0;
    const before = store.requestStats().total;
    const result = await work();
    const total = store.requestStats().total - before;
    const sent = requests.map((r) => r.replace(store.prefix, '')).sort();
    return { result, total, sent, maxInFlight };
  };
  return { store, service, traced, close: () => store.close().then(() => client.destroy()) };
}

/** Opens app/root as bob: its plain values (secrets revealed); throws on any diagnostic. */
async function open(service: EnvironmentsService): Promise<unknown> {
  const opened = await service.open('app/root', { actor: 'bob' });
  if (opened.value === undefined || opened.diagnostics.length > 0)
    throw new Error(`${opened.name}: diagnostics`);
  return valueToPlainJson(opened.value, { redact: false });
}

// Four environments, c reached twice (root -> a -> c, root -> b -> c); each holds a secret.
async function createGraph(service: EnvironmentsService): Promise<void> {
  const secret = (name: string) => `  ${name}Secret:\n    fn::secret: ${name}-password\n`;
  const definitions: [string, string][] = [
    ['c', `values:\n  c: c1\n${secret('c')}`],
    ['a', `imports:\n  - c\nvalues:\n  a: a1\n${secret('a')}`],
    ['b', `imports:\n  - c\nvalues:\n  b: b1\n${secret('b')}`],
    ['root', `imports:\n  - a\n  - b\nvalues:\n${secret('root')}`],
  ];
  for (const [name, definition] of definitions)
    await service.createEnvironment(`app/${name}`, { actor: 'alice', definition });
}

const pointer = (name: string) => `GetObjectCommand environments/acme/app/${name}`;
const auditPut: unknown = expect.stringMatching(/^PutObjectCommand audit\//);
/** The audit log's hash chain head: written with a chain's first event, then at most once a second. */
const chainHeadPut: unknown = expect.stringMatching(/^PutObjectCommand documents\/audit-chains\//);

it('a warm open reads one pointer per environment of the import graph, writes its audit event, and nothing else', async () => {
  const writer = machine();
  await createGraph(writer.service);
  const reader = machine(writer.store.prefix);

  const cold = await reader.traced(() => open(reader.service));
  expect(cold.result).toEqual({
    a: 'a1',
    b: 'b1',
    c: 'c1',
    aSecret: 'a-password',
    bSecret: 'b-password',
    cSecret: 'c-password',
    rootSecret: 'root-password',
  });
  // Cold: the pointers, each revision once, the keyring once, the audit event and its chain's head
  // (the process's first event).
  expect(cold.sent.filter((r) => r.startsWith('GetObjectCommand revisions/'))).toHaveLength(4);
  expect(cold.total).toBe(4 + 4 + 1 + 2);

  const warm = await reader.traced(() => open(reader.service));
  expect(warm.result).toEqual(cold.result);
  expect(warm.sent).toEqual([pointer('a'), pointer('b'), pointer('c'), pointer('root'), auditPut]);
  expect(warm.total).toBe(4 + 1);
  // The service reuses its first open once every pointer still names the same revision: the
  // three imports are read at the same time, not level by level.
  expect(warm.maxInFlight).toBe(3);
  // The held-back head is written when the process flushes (before closing its store).
  const flushed = await reader.traced(() => reader.service.flush());
  expect(flushed.sent).toEqual([chainHeadPut]);
  await Promise.all([writer.close(), reader.close()]);
});

it('a warm open sees another machine’s new revision and tag at once', async () => {
  const writer = machine();
  await createGraph(writer.service);
  const reader = machine(writer.store.prefix);
  await open(reader.service);

  await writer.service.updateDefinition('app/c', 'values:\n  c: c2\n', {
    actor: 'alice',
    basedOn: 1,
  });
  // The tag first: a definition importing a tag that does not exist yet is refused.
  await writer.service.tagRevision('app/c', 'stable', 1, { actor: 'alice' });
  await writer.service.updateDefinition('app/b', 'imports:\n  - c@stable\nvalues:\n  b: b2\n', {
    actor: 'alice',
    basedOn: 1,
  });

  const warm = await reader.traced(() => open(reader.service));
  // a reads c@latest (now revision 2) and b@2 reads c@stable (revision 1): both are seen through
  // the pointers alone. Merged in import order, b's c wins; c@2 holds no secret.
  expect(warm.result).toEqual({
    a: 'a1',
    b: 'b2',
    c: 'c1',
    aSecret: 'a-password',
    cSecret: 'c-password',
    rootSecret: 'root-password',
  });
  expect(warm.sent).toEqual([
    pointer('a'),
    pointer('b'),
    pointer('c'),
    pointer('c'),
    pointer('root'),
    expect.stringMatching(/^GetObjectCommand revisions\/acme\/app\/b\/.*\/0000000002$/),
    expect.stringMatching(/^GetObjectCommand revisions\/acme\/app\/c\/.*\/0000000002$/),
    auditPut,
  ]);
  await Promise.all([writer.close(), reader.close()]);
});
