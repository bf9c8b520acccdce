import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSuite } from './_e2e-suite.js';
import { ensureBuilt, makeSandbox, runBinary } from './_helpers.js';
import { startS3Server, type TestS3Server } from '@strata/store-testkit';

const S3_ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
};
for (const [k, v] of Object.entries(S3_ENV)) process.env[k] = v;

const url = (server: TestS3Server, prefix: string): string =>
  `s3://envs/${prefix}?endpoint=${encodeURIComponent(server.endpoint)}&forcePathStyle=true&region=us-east-1`;

// The whole suite in-process (real s3rver with S3's conditional-write rules enforced, real AWS
// SDK) to keep the run short.
e2eSuite(
  'S3',
  async () => {
    const server = await startS3Server({ buckets: ['envs'] });
    return { url: url(server, 'suite'), stop: () => server.close() };
  },
  'in-process',
);

// ...and the built binary against the bucket for the commands people run most.
describe('the built binary on S3', () => {
  let server: TestS3Server;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    await ensureBuilt();
    server = await startS3Server({ buckets: ['envs'] });
    const sandbox = await makeSandbox();
    cleanup = sandbox.cleanup;
    env = { ...sandbox.env, ...S3_ENV };
  }, 120_000);

  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  it('logs in to a bucket, then inits, sets, gets and opens', async () => {
    const strata = (args: string[]) => runBinary(args, env);
    const login = await strata(['login', url(server, 'team-a')]);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('Logged in to s3://envs/team-a?');
    expect((await strata(['whoami'])).stdout).toContain('Backend: s3://envs/team-a?');
    expect((await strata(['env', 'init', 'app/dev'])).code).toBe(0);
    expect(
      (await strata(['env', 'set', 'app/dev', 'db.password', 'hunter2', '--secret'])).code,
    ).toBe(0);
    expect((await strata(['env', 'set', 'app/dev', 'db.host', 'localhost'])).code).toBe(0);
    const got = await strata(['env', 'get', 'app/dev', '--value', 'json']);
    expect(got.stdout).toBe(
      '{\n  "db": {\n    "host": "localhost",\n    "password": "[secret]"\n  }\n}\n',
    );
    const opened = await strata(['open', 'app/dev', '-f', 'yaml']);
    expect(opened.stdout).toBe('db:\n   host: localhost\n   password: hunter2\n');
    expect((await strata(['env', 'ls'])).stdout).toBe('app/dev\n');
    const logout = await strata(['logout']);
    expect(logout.code).toBe(0);
    expect((await strata(['env', 'ls'])).stdout).toBe('');
  });

  it('reports an unreachable bucket in one line with a hint', async () => {
    const r = await runBinary(['env', 'ls'], {
      ...env,
      STRATA_BACKEND:
        's3://envs/x?endpoint=http%3A%2F%2F127.0.0.1%3A9&forcePathStyle=true&region=us-east-1',
    });
    expect(r.code).toBe(7);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect(r.stderr).toContain('hint: check the backend');
  });
});
