import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Configuration, EscApi } from '@pulumi/esc-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Accounts,
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
  type Store,
} from '@strata/core';
import { createS3Store } from '@strata/store-s3';
import { createSqliteStore } from '@strata/store-sqlite';
import { startS3Server } from '@strata/store-testkit';
import { startServer, type RunningServer } from '../src/index.js';

// The official ESC SDK, unchanged, against a Strata server listening on loopback (what `strata
// serve` starts), over each store a team runs: a SQLite file and an S3 bucket.

interface Backend {
  readonly store: Store;
  readonly cleanup: () => Promise<void>;
}

const backends: Record<string, () => Promise<Backend>> = {
  SQLite: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-sdk-'));
    const store = createSqliteStore({ path: join(dir, 'envs.db') });
    return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
  S3: async () => {
    const s3 = await startS3Server({ buckets: ['envs'] });
    const store = createS3Store({ bucket: 'envs', prefix: 'team', ...s3.clientConfig });
    return { store, cleanup: () => s3.close() };
  },
};

describe.each(Object.keys(backends))('@pulumi/esc-sdk 0.12.4 on %s', (name) => {
  let backend: Backend;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    backend = await backends[name]!();
    const { store } = backend;
    const keyring = createKeyring({
      store,
      masterKey: createMasterKey(new Uint8Array(32).fill(4)),
    });
    const service = createEnvironmentsService({ store, keyring });
    ({ token } = await new Accounts(store).initialize({ admin: 'admin', org: 'acme' }));
    server = await startServer({
      service,
      documents: store,
      host: '127.0.0.1',
      port: 0,
      onClose: () => store.close(),
    });
  });
  afterAll(async () => {
    await server.stop();
    await backend.cleanup();
  });

  /** The SDK's client, with the workaround for its dropped port (esc-api.md §5.1). */
  function sdk(): EscApi {
    const api = new EscApi(new Configuration({ accessToken: token, basePath: server.url }));
    api.config.basePath = `${server.url}/api/esc`;
    return api;
  }

  it('creates, lists, updates and reads a definition, and checks one with diagnostics', async () => {
    const api = sdk();
    await api.createEnvironment('acme', 'app', 'dev');
    const update = await api.updateEnvironmentYaml(
      'acme',
      'app',
      'dev',
      'values:\n  greeting: hello\n  port: 8080\n  token:\n    fn::secret: s3cr3t\n',
    );
    expect(update).toEqual({});
    expect((await api.listEnvironments('acme'))?.environments).toEqual([
      { organization: 'acme', project: 'app', name: 'dev' },
    ]);

    const definition = await api.getEnvironment('acme', 'app', 'dev');
    expect(definition?.definition?.values).toMatchObject({ greeting: 'hello', port: 8080 });
    expect(definition?.yaml).not.toContain('s3cr3t');

    // A definition with an error: ESC answers 400 with the diagnostics, which the SDK returns.
    const checked = await api.checkEnvironmentYaml('acme', 'values:\n  a: ${bad_ref}\n');
    expect(checked?.diagnostics).toHaveLength(1);
    expect(checked?.diagnostics?.[0]).toMatchObject({
      summary: 'unknown property "bad_ref"',
      range: { begin: { line: 2 } },
    });
    // An update with that error stores nothing; the SDK throws, the diagnostics in its response.
    await expect(
      api.updateEnvironmentYaml('acme', 'app', 'dev', 'values:\n  a: ${x}\n'),
    ).rejects.toMatchObject({
      response: {
        status: 400,
        data: { code: 400, diagnostics: [{ summary: 'unknown property "x"' }] },
      },
    });
    expect((await api.listEnvironmentRevisions('acme', 'app', 'dev'))?.[0]?.number).toBe(2);
  });

  it('opens and reads, whole and one property, at the latest revision, a tag and a number', async () => {
    const api = sdk();
    const opened = await api.openAndReadEnvironment('acme', 'app', 'dev');
    expect(opened?.values).toEqual({ greeting: 'hello', port: 8080, token: 's3cr3t' });

    const session = await api.openEnvironment('acme', 'app', 'dev');
    const property = await api.readOpenEnvironmentProperty(
      'acme',
      'app',
      'dev',
      session!.id,
      'greeting',
    );
    expect(property?.value).toBe('hello');

    await api.updateEnvironmentYaml('acme', 'app', 'dev', 'values:\n  greeting: hi\n');
    const revisions = await api.listEnvironmentRevisions('acme', 'app', 'dev');
    expect(revisions?.map((r) => r.number)).toEqual([3, 2, 1]);

    await api.createEnvironmentRevisionTag('acme', 'app', 'dev', 'stable', 2);
    const atTag = await api.openAndReadEnvironmentAtVersion('acme', 'app', 'dev', 'stable');
    expect(atTag?.values?.['greeting']).toBe('hello');
    const atNumber = await api.openAndReadEnvironmentAtVersion('acme', 'app', 'dev', '3');
    expect(atNumber?.values?.['greeting']).toBe('hi');
  });

  it('moves, lists and deletes revision tags and environment tags, then deletes', async () => {
    const api = sdk();
    await api.updateEnvironmentRevisionTag('acme', 'app', 'dev', 'stable', 3);
    expect((await api.getEnvironmentRevisionTag('acme', 'app', 'dev', 'stable'))?.revision).toBe(3);
    const tags = await api.listEnvironmentRevisionTags('acme', 'app', 'dev');
    expect(tags?.tags?.map((t) => t.name)).toEqual(['latest', 'stable']);
    await api.deleteEnvironmentRevisionTag('acme', 'app', 'dev', 'stable');
    expect(
      (await api.listEnvironmentRevisionTags('acme', 'app', 'dev'))?.tags?.map((t) => t.name),
    ).toEqual(['latest']);

    await api.createEnvironmentTag('acme', 'app', 'dev', 'owner', 'alice');
    expect((await api.getEnvironmentTag('acme', 'app', 'dev', 'owner'))?.value).toBe('alice');
    await api.updateEnvironmentTag('acme', 'app', 'dev', 'owner', 'alice', 'owner', 'bob');
    const envTags = await api.listEnvironmentTags('acme', 'app', 'dev');
    expect(envTags?.tags?.['owner']?.value).toBe('bob');
    await api.deleteEnvironmentTag('acme', 'app', 'dev', 'owner');
    expect((await api.listEnvironmentTags('acme', 'app', 'dev'))?.tags).toEqual({});

    await api.deleteEnvironment('acme', 'app', 'dev');
    await expect(api.getEnvironment('acme', 'app', 'dev')).rejects.toMatchObject({
      response: { status: 404 },
    });
    expect((await api.listEnvironments('acme'))?.environments ?? []).toEqual([]);
  });
});
