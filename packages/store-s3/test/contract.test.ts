// The Store contract every backend passes, against a real S3-compatible server on loopback.
import { runStoreContract } from '@strata/store-testkit';
import { afterAll, beforeAll } from 'vitest';
import { BUCKET, storeOn } from './_fixtures.js';
import { startS3Server, type TestS3Server } from '@strata/store-testkit';

let server: TestS3Server;
beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
});
afterAll(async () => {
  await server.close();
});

// Each test gets a fresh prefix in the shared bucket, which is exactly how installations share one;
// another store over it is a second client of the bucket, as on a second machine.
runStoreContract('s3', () => {
  const store = storeOn(server);
  return Promise.resolve({
    store,
    cleanup: () => Promise.resolve(),
    openAnother: () => storeOn(server, { prefix: store.prefix }),
  });
});
