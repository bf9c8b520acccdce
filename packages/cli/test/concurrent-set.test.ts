import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '@strata/store-testkit';
import { ensureBuilt, makeSandbox, runBinary, type Result } from './_helpers.js';

// `env set` and `env rm` change one path of the latest revision: when another writer lands first,
// the change is re-applied to theirs, and only a change of the same path is a conflict. These
// tests run the built binary, as scripts do; nothing here is timed.

const S3_ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
};

const s3Url = (endpoint: string, prefix: string): string =>
  `s3://envs/${prefix}?endpoint=${encodeURIComponent(endpoint)}&forcePathStyle=true&region=us-east-1`;

const SETS_PER_WRITER = 60;

let server: TestS3Server;
let sandbox: Awaited<ReturnType<typeof makeSandbox>>;

beforeAll(async () => {
  await ensureBuilt();
  server = await startS3Server({ buckets: ['envs'] });
  sandbox = await makeSandbox();
}, 300_000);

afterAll(async () => {
  await server?.close();
  await sandbox?.cleanup();
});

function strata(backend: string, args: string[]): Promise<Result> {
  return runBinary(args, { ...sandbox.env, ...S3_ENV, STRATA_BACKEND: backend });
}

async function ok(backend: string, args: string[]): Promise<string> {
  const r = await strata(backend, args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

async function revisionNumbers(backend: string, ref: string): Promise<number[]> {
  const history = await ok(backend, ['env', 'version', 'history', ref, '--output', 'json']);
  return (JSON.parse(history) as { revision: number }[]).map((r) => r.revision).reverse();
}

const backends: [string, () => string][] = [
  ['SQLite', () => `sqlite://${join(sandbox.dir, 'envs.db')}`],
  ['S3', () => s3Url(server.endpoint, 'race')],
];

describe.each(backends)('env set by two writers at once on %s (built binary)', (_, backend) => {
  it(`lands all ${SETS_PER_WRITER} sets of each writer, every key present, revisions without gaps`, async () => {
    const url = backend();
    await ok(url, ['env', 'init', 'race/app']);
    // Two scripts, each running its sets one after another, both at once.
    const writer = async (name: string): Promise<Result[]> => {
      const results: Result[] = [];
      for (let i = 0; i < SETS_PER_WRITER; i++)
        results.push(await strata(url, ['env', 'set', 'race/app', `${name}${i}`, `v${i}`]));
      return results;
    };
    const results = (await Promise.all([writer('a'), writer('b')])).flat();
    for (const r of results)
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

    const value = JSON.parse(await ok(url, ['open', 'race/app'])) as Record<string, string>;
    const expected: Record<string, string> = {};
    for (const name of ['a', 'b'])
      for (let i = 0; i < SETS_PER_WRITER; i++) expected[`${name}${i}`] = `v${i}`;
    expect(value).toEqual(expected);
    expect(await revisionNumbers(url, 'race/app')).toEqual(
      Array.from({ length: 1 + 2 * SETS_PER_WRITER }, (_, i) => i + 1),
    );
  }, 600_000);
});

/**
 * A loopback proxy in front of the S3 server that, once armed, lets another writer run just
 * before it forwards the next PUT of a revision object: the command behind the proxy has read
 * the latest revision and is about to write the next one, and the other writer gets there first.
 */
async function startInterposer(target: string): Promise<{
  url: string;
  arm: (otherWriter: () => Promise<void>) => void;
  interposed: () => number;
  close: () => Promise<void>;
}> {
  const upstream = new URL(target);
  let armed: (() => Promise<void>) | undefined;
  let count = 0;
  const body = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const proxy: Server = createServer((req, res) => {
    void (async () => {
      const bytes = await body(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'PUT' && /\/revisions\/.+\/\d{10}$/.test(path) && armed !== undefined) {
        const other = armed;
        armed = undefined;
        count++;
        await other();
      }
      const headers = { ...req.headers };
      delete headers['expect'];
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => res.destroy(error));
      forward.end(bytes);
    })().catch((error: unknown) => res.destroy(error as Error));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arm: (otherWriter) => (armed = otherWriter),
    interposed: () => count,
    close: () =>
      new Promise((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

describe('env set and rm when another writer lands between the read and the write (built binary on S3)', () => {
  let proxy: Awaited<ReturnType<typeof startInterposer>>;
  // The command under test goes through the proxy; the other writer straight to the server.
  const through = (prefix: string): string => s3Url(proxy.url, prefix);
  const direct = (prefix: string): string => s3Url(server.endpoint, prefix);

  beforeAll(async () => {
    proxy = await startInterposer(server.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('re-applies a set to the other writer’s revision when they changed another path', async () => {
    await ok(direct('other'), ['env', 'init', 'app/dev']);
    proxy.arm(async () => {
      await ok(direct('other'), ['env', 'set', 'app/dev', 'theirs', 'b']);
    });
    const r = await strata(through('other'), ['env', 'set', 'app/dev', 'mine', 'a']);
    expect(proxy.interposed()).toBe(1);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(await ok(direct('other'), ['env', 'get', 'app/dev', '--definition'])).toBe(
      'values:\n  theirs: b\n  mine: a\n',
    );
    expect(await revisionNumbers(direct('other'), 'app/dev')).toEqual([1, 2, 3]);
  }, 120_000);

  it('reports a conflict and stores nothing when the other writer changed the same path', async () => {
    await ok(direct('same'), ['env', 'init', 'app/dev']);
    await ok(direct('same'), ['env', 'set', 'app/dev', 'db.host', 'old']);
    const before = proxy.interposed();
    proxy.arm(async () => {
      await ok(direct('same'), ['env', 'set', 'app/dev', 'db.host', 'theirs']);
    });
    const r = await strata(through('same'), ['env', 'set', 'app/dev', 'db.host', 'mine']);
    expect(proxy.interposed()).toBe(before + 1);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: conflict writing default/app/dev: db.host was changed since revision 2 (the latest is revision 3)\n' +
        'hint: someone else wrote first; nothing was stored. Read the latest and try again\n',
    );
    expect(await ok(direct('same'), ['env', 'get', 'app/dev', '--definition'])).toBe(
      'values:\n  db:\n    host: theirs\n',
    );
    expect(await revisionNumbers(direct('same'), 'app/dev')).toEqual([1, 2, 3]);
  }, 120_000);

  it('still fails env edit on any conflict: a whole definition is not re-applied', async () => {
    await ok(direct('edit'), ['env', 'init', 'app/dev']);
    proxy.arm(async () => {
      await ok(direct('edit'), ['env', 'set', 'app/dev', 'theirs', 'b']);
    });
    const r = await runBinary(
      ['env', 'edit', 'app/dev', '-f', '-'],
      { ...sandbox.env, ...S3_ENV, STRATA_BACKEND: through('edit') },
      'values:\n  mine: a\n',
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      'error: conflict writing default/app/dev: based on revision 1, but the latest is revision 2\n' +
        'hint: someone else wrote first; nothing was stored. Read the latest and try again\n',
    );
    expect(await ok(direct('edit'), ['env', 'get', 'app/dev', '--definition'])).toBe(
      'values:\n  theirs: b\n',
    );
  }, 120_000);

  it('reports a conflict for a remove of a path the other writer removed first', async () => {
    await ok(direct('rm'), ['env', 'init', 'app/dev']);
    await ok(direct('rm'), ['env', 'set', 'app/dev', 'a', '1']);
    await ok(direct('rm'), ['env', 'set', 'app/dev', 'b', '2']);
    proxy.arm(async () => {
      await ok(direct('rm'), ['env', 'rm', 'app/dev', 'a']);
    });
    const r = await strata(through('rm'), ['env', 'rm', 'app/dev', 'a']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      'error: conflict writing default/app/dev: a was changed since revision 3',
    );
    expect(await revisionNumbers(direct('rm'), 'app/dev')).toEqual([1, 2, 3, 4]);
    // ...while a remove of another path is re-applied.
    proxy.arm(async () => {
      await ok(direct('rm'), ['env', 'set', 'app/dev', 'c', '3']);
    });
    expect((await strata(through('rm'), ['env', 'rm', 'app/dev', 'b'])).code).toBe(0);
    expect(await ok(direct('rm'), ['env', 'get', 'app/dev', '--definition'])).toBe(
      'values:\n  c: 3\n',
    );
  }, 120_000);
});
