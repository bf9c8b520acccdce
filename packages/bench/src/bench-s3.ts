// s3.requests_*: HTTP requests per service operation on an environment with 10 imports, against an
// in-process s3rver on loopback.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
  type EnvironmentsService,
  type MasterKey,
} from '@strata/core';
import { createS3Store, type S3Store } from '@strata/store-s3';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

const BUCKET = 'strata-bench';
const IMPORTS = 10;
const ACTOR = { actor: 'bench' };

// Imports hold a secret too, so the org's data key exists before the measured create.
const importDefinition = (i: number): string =>
  `values:\n  v${i}: value ${i}\n  s${i}:\n    fn::secret: secret ${i}\n`;
const rootDefinition = (revision: number): string =>
  `imports:\n${Array.from({ length: IMPORTS }, (_, i) => `  - imp${i}\n`).join('')}` +
  `values:\n  revision: ${revision}\n  password:\n    fn::secret: hunter${revision}\n`;

/** Opens an environment; its diagnostics would make the figures meaningless. */
async function openChecked(service: EnvironmentsService, ref: string): Promise<void> {
  const opened = await service.open(ref, ACTOR);
  if (opened.diagnostics.length > 0) throw new Error(`${ref} has diagnostics`);
}

/** Requests sent by `fn` on `store`. */
async function countRequests(store: S3Store, fn: () => Promise<unknown>): Promise<number> {
  const before = store.requestStats().total;
  await fn();
  return store.requestStats().total - before;
}

export async function benchS3(): Promise<Record<string, number>> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = await mkdtemp(join(tmpdir(), 'strata-bench-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const address = await server.run();
  const stores: S3Store[] = [];
  const open = (masterKey: MasterKey): { store: S3Store; service: EnvironmentsService } => {
    const store = createS3Store({
      bucket: BUCKET,
      endpoint: `http://127.0.0.1:${address.port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    stores.push(store);
    const keyring = createKeyring({ store, masterKey });
    return { store, service: createEnvironmentsService({ store, keyring }) };
  };
  try {
    const masterKey = createMasterKey(randomBytes(32));
    const { store, service } = open(masterKey);
    for (let i = 0; i < IMPORTS; i++) {
      await service.createEnvironment(`bench/imp${i}`, {
        ...ACTOR,
        definition: importDefinition(i),
      });
    }
    const create = await countRequests(store, () =>
      service.createEnvironment('bench/root', { ...ACTOR, definition: rootDefinition(1) }),
    );
    const update = await countRequests(store, () =>
      service.updateDefinition('bench/root', rootDefinition(2), { ...ACTOR, basedOn: 1 }),
    );
    await service.tagRevision('bench/root', 'stable', 1, ACTOR);
    const tagMove = await countRequests(store, () =>
      service.tagRevision('bench/root', 'stable', 2, ACTOR),
    );

    const cold = open(masterKey);
    const openCold = await countRequests(cold.store, () => openChecked(cold.service, 'bench/root'));
    // Warm: one GET of each environment object (the root and its imports) and the audit event's
    // PUT; revisions and data keys come from memory.
    const openWarm = await countRequests(cold.store, () => openChecked(cold.service, 'bench/root'));
    return {
      's3.requests_create': create,
      's3.requests_update': update,
      's3.requests_tag_move': tagMove,
      's3.requests_open_cold': openCold,
      's3.requests_open_warm': openWarm,
    };
  } finally {
    for (const store of stores) await store.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}
