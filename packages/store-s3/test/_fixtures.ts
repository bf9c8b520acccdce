import { randomUUID } from 'node:crypto';
import type { EnvironmentKey, EnvironmentRecord, RevisionRecord } from '@strata/core';
import { createS3Store, type S3Store, type S3StoreOptions } from '@strata/store-s3';
import { S3Client } from '@aws-sdk/client-s3';
import { startS3Server, type TestS3Server } from '@strata/store-testkit';
import { afterAll, beforeAll } from 'vitest';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

export const BUCKET = 'strata-test';

export const env = (org: string, project: string, name: string): EnvironmentKey => ({
  org,
  project,
  name,
});

export function record(
  uid: string = randomUUID(),
  extra: Partial<EnvironmentRecord> = {},
): EnvironmentRecord {
  return {
    uid,
    createdAt: '2024-01-02T03:04:05.000Z',
    createdBy: 'alice',
    deletionProtected: false,
    labels: {},
    tags: {},
    retractions: {},
    ...extra,
  };
}

export function revision(number: number, text = `values:\n  n: ${number}\n`): RevisionRecord {
  return {
    number,
    definition: new TextEncoder().encode(text),
    author: 'alice',
    createdAt: '2024-01-02T03:04:05.000Z',
    copiedFrom: null,
  };
}

/** A store on the test server under a prefix of its own, so tests never see each other's objects. */
export function storeOn(server: TestS3Server, options: Partial<S3StoreOptions> = {}): S3Store {
  return createS3Store({
    bucket: BUCKET,
    prefix: `t-${randomUUID()}/`,
    ...server.clientConfig,
    ...options,
  });
}

/**
 * A test S3 server for the calling test file, started before its tests and closed after them,
 * with a raw client (one attempt) that reads and writes objects behind the store's back.
 */
export function s3ServerForFile(): { readonly server: TestS3Server; readonly raw: S3Client } {
  let server: TestS3Server | undefined;
  let raw: S3Client | undefined;
  beforeAll(async () => {
    server = await startS3Server({ buckets: [BUCKET] });
    raw = new S3Client({ ...server.clientConfig, maxAttempts: 1 });
  });
  afterAll(async () => {
    raw?.destroy();
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get raw() {
      return raw!;
    },
  };
}
