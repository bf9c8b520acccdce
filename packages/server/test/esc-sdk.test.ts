import { Configuration, EscApi } from '@pulumi/esc-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Accounts,
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
  createMemoryDocuments,
  createMemoryStore,
} from '@strata/core';
import { startServer, type RunningServer } from '../src/index.js';

// The official ESC SDK, unchanged, against a Strata server on loopback.

let server: RunningServer;
let token: string;

beforeAll(async () => {
  const store = createMemoryStore();
  const documents = createMemoryDocuments();
  const keyring = createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(4)) });
  const service = createEnvironmentsService({ store, keyring });
  ({ token } = await new Accounts(documents).initialize({ admin: 'admin', org: 'acme' }));
  server = await startServer({ service, documents, keyring, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.stop();
});

/** The SDK's client, with the workaround for its dropped port (esc-api.md §5.1). */
function sdk(): EscApi {
  const api = new EscApi(new Configuration({ accessToken: token, basePath: server.url }));
  api.config.basePath = `${server.url}/api/esc`;
  return api;
}

describe('@pulumi/esc-sdk 0.12.4', () => {
  it('creates, updates, checks, opens, reads, versions, tags and deletes', async () => {
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

    const checked = await api.checkEnvironmentYaml('acme', 'values:\n  a: ${bad_ref}\n');
    expect(checked?.diagnostics?.[0]?.summary).toBe('unknown property "bad_ref"');

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
    await api.updateEnvironmentRevisionTag('acme', 'app', 'dev', 'stable', 3);
    expect((await api.getEnvironmentRevisionTag('acme', 'app', 'dev', 'stable'))?.revision).toBe(3);
    const tags = await api.listEnvironmentRevisionTags('acme', 'app', 'dev');
    expect(tags?.tags?.map((t) => t.name)).toEqual(['latest', 'stable']);
    await api.deleteEnvironmentRevisionTag('acme', 'app', 'dev', 'stable');

    await api.createEnvironmentTag('acme', 'app', 'dev', 'owner', 'alice');
    expect((await api.getEnvironmentTag('acme', 'app', 'dev', 'owner'))?.value).toBe('alice');
    await api.updateEnvironmentTag('acme', 'app', 'dev', 'owner', 'alice', 'owner', 'bob');
    const envTags = await api.listEnvironmentTags('acme', 'app', 'dev');
    expect(envTags?.tags?.['owner']?.value).toBe('bob');
    await api.deleteEnvironmentTag('acme', 'app', 'dev', 'owner');

    await api.deleteEnvironment('acme', 'app', 'dev');
    await expect(api.getEnvironment('acme', 'app', 'dev')).rejects.toMatchObject({
      response: { status: 404 },
    });
  });
});
