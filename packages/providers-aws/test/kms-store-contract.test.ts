// The store contract suite with every data key wrapped by a master key in (fake) AWS KMS, on the
// SQLite store and on the S3 store: what a team gets with STRATA_MASTER_KEY=awskms://...
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MasterKey } from '@strata/core';
import { createS3Store } from '@strata/store-s3';
import { createSqliteStore } from '@strata/store-sqlite';
import { runStoreContract, startS3Server, type TestS3Server } from '@strata/store-testkit';
import { startFakeKms, staticCredentials, type FakeKms } from '@strata/testkit-aws';
import { openKmsMasterKey } from '../src/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CREDENTIALS = { accessKeyId: 'AKIASTRATA', secretAccessKey: 'kms-contract' };
const BUCKET = 'strata-kms';

let kms: FakeKms;
let s3: TestS3Server;

/** A KMS master key whose endpoint is known once the fake runs (the suite is declared before). */
function kmsKey(alias: string): MasterKey {
  const id = `awskms://${alias}?region=us-east-1`;
  let key: MasterKey | undefined;
  const real = () =>
    (key ??= openKmsMasterKey(id, {
      env: { AWS_ENDPOINT_URL_KMS: kms.endpoint },
      credentials: CREDENTIALS,
    }));
  return {
    id,
    source: id,
    wrap: (dataKey, context) => real().wrap(dataKey, context),
    unwrap: (wrapped, context) => real().unwrap(wrapped, context),
  };
}

const masterKeys = { current: kmsKey('alias/strata'), other: kmsKey('alias/strata-next') };

beforeAll(async () => {
  kms = await startFakeKms({
    region: 'us-east-1',
    credentials: staticCredentials({ [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey }),
  });
  kms.createKey({ alias: 'alias/strata' });
  kms.createKey({ alias: 'alias/strata-next' });
  s3 = await startS3Server({ buckets: [BUCKET] });
});
afterAll(async () => {
  await s3.close();
  await kms.close();
});

runStoreContract(
  'sqlite with a KMS master key',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-kms-sqlite-'));
    const path = join(dir, 'strata.db');
    return {
      store: createSqliteStore({ path }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
      openAnother: () => createSqliteStore({ path }),
    };
  },
  { masterKeys },
);

runStoreContract(
  's3 with a KMS master key',
  () => {
    const prefix = `t-${randomUUID()}/`;
    const open = () => createS3Store({ bucket: BUCKET, prefix, ...s3.clientConfig });
    return Promise.resolve({ store: open(), cleanup: () => Promise.resolve(), openAnother: open });
  },
  { masterKeys },
);

it('wrapped and unwrapped the data keys in KMS, under contexts naming their org', () => {
  const operations = new Set(kms.calls.map((c) => c.operation));
  expect(operations).toEqual(new Set(['Encrypt', 'Decrypt']));
  const orgs = new Set(
    kms.calls.map((c) => (c.body.EncryptionContext as Record<string, string>)['strata:org']),
  );
  expect([...orgs].sort()).toEqual(expect.arrayContaining(['acme', 'beta']));
});
