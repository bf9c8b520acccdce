import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startS3Server,
  startTcpProxy,
  type TcpProxy,
  type TestS3Server,
} from '@strata/store-testkit';
import { ensureBuilt, makeSandbox } from './_helpers.js';
import { startServe, type ServeProcess } from './_serve.js';

// Two `strata serve` processes (the real binary) on one S3 bucket are one service: what one writes
// or opens, the other reads, and racing updates from both give one success and one conflict. The
// bucket sits behind a proxy the test cuts, as a network failure would.

describe('two servers on one S3 bucket', () => {
  let s3: TestS3Server;
  let proxy: TcpProxy;
  let a: ServeProcess;
  let b: ServeProcess;
  let token: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    await ensureBuilt();
    s3 = await startS3Server({ buckets: ['envs'] });
    proxy = await startTcpProxy(s3.port);
    const sandbox = await makeSandbox();
    cleanup = sandbox.cleanup;
    const env = {
      ...sandbox.env,
      STRATA_MASTER_KEY: randomBytes(32).toString('base64'),
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const backend = `s3://envs/team?endpoint=${encodeURIComponent(proxy.endpoint)}&forcePathStyle=true&region=us-east-1`;
    a = await startServe(['--backend', backend, '--init-admin', 'admin', '--org', 'acme'], env);
    token = a.stdout().trim().split('\n')[0]!;
    b = await startServe(['--backend', backend], env);
  }, 120_000);

  afterAll(async () => {
    expect(await a?.stop()).toBe(0);
    expect(await b?.stop()).toBe(0);
    await proxy?.close();
    await s3?.close();
    await cleanup?.();
  });

  /** A request as the esc CLI sends it (its Accept header, YAML bodies labelled JSON). */
  const call = (
    server: ServeProcess,
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${server.url}/api/esc/environments/acme${path}`, {
      method,
      headers: {
        authorization: `token ${token}`,
        accept: 'application/vnd.pulumi+8',
        'content-type': 'application/json',
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });

  it('creates on one server and reads, writes and opens on the other', async () => {
    expect(token).toMatch(/^strata_p_/);
    expect(
      (await call(a, 'POST', '', JSON.stringify({ project: 'app', name: 'dev' }))).status,
    ).toBe(204);
    const update = await call(
      b,
      'PATCH',
      '/app/dev',
      'values:\n  greeting: hello\n  key:\n    fn::secret: k3y\n',
    );
    expect(update.status).toBe(200);
    expect(update.headers.get('pulumi-esc-revision')).toBe('2');

    // The write on B is seen by the next read on A.
    const read = await call(a, 'GET', '/app/dev');
    expect(read.headers.get('pulumi-esc-revision')).toBe('2');
    expect(await read.text()).toContain('greeting: hello');

    // A session opened on A is readable on B, secrets decrypted there with the shared master key.
    const opened = (await (await call(a, 'POST', '/app/dev/open?duration=15m0s')).json()) as {
      id: string;
    };
    const session = await call(b, 'GET', `/app/dev/open/${opened.id}`);
    expect(session.status).toBe(200);
    const values = (await session.json()) as { properties: Record<string, { value: unknown }> };
    expect(values.properties['greeting']?.value).toBe('hello');
    expect(values.properties['key']?.value).toBe('k3y');
    const property = await call(a, 'GET', `/app/dev/open/${opened.id}?property=greeting`);
    expect(((await property.json()) as { value: unknown }).value).toBe('hello');
  });

  it('lets exactly one of two racing updates from the two servers win', async () => {
    for (let round = 0; round < 5; round++) {
      const etag = (await call(a, 'GET', '/app/dev')).headers.get('etag')!;
      const [fromA, fromB] = await Promise.all([
        call(a, 'PATCH', '/app/dev', `values:\n  winner: a${round}\n`, { etag }),
        call(b, 'PATCH', '/app/dev', `values:\n  winner: b${round}\n`, { etag }),
      ]);
      expect([fromA.status, fromB.status].sort()).toEqual([200, 409]);
      const loser = fromA.status === 409 ? fromA : fromB;
      expect(((await loser.json()) as { code: number }).code).toBe(409);
      // The winner's value is the one stored, on both servers.
      const winner = fromA.status === 200 ? `a${round}` : `b${round}`;
      for (const server of [a, b])
        expect(await (await call(server, 'GET', '/app/dev')).text()).toContain(`winner: ${winner}`);
    }
  });

  it('answers 503 naming the store while the bucket is unreachable, and recovers by itself', async () => {
    await proxy.cut();
    try {
      const failed = await call(a, 'GET', '/app/dev');
      expect(failed.status).toBe(503);
      const body = (await failed.json()) as { code: number; message: string };
      expect(body.code).toBe(503);
      expect(body.message).toMatch(
        /^the store s3:\/\/envs\/team is unavailable: cannot reach S3 endpoint /,
      );
      expect(body.message).not.toContain('\n');
      const ready = await fetch(`${b.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { message: string }).message).toMatch(
        /^the store s3:\/\/envs\/team is unreachable/,
      );
      expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
    } finally {
      await proxy.restore();
    }
    // Back without a restart: the next requests succeed.
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
    expect((await call(b, 'GET', '/app/dev')).status).toBe(200);
  });
});
