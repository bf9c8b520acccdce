import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Accounts,
  InvalidDefinitionError,
  NotFoundError,
  StoreConflictError,
  StoreIoError,
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
  createMemoryDocuments,
  createMemoryStore,
  formatOutput,
  valueToPlainJson,
  type EnvironmentsApi,
} from '@strata/core';
import { startServer, type RunningServer } from '@strata/server';
import { createRemoteService } from '../src/index.js';

// The remote service and the local one answer alike: same results, same errors.

let server: RunningServer;
let local: EnvironmentsApi;
let remote: EnvironmentsApi;

beforeAll(async () => {
  const store = createMemoryStore();
  const documents = createMemoryDocuments();
  const keyring = createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(8)) });
  const service = createEnvironmentsService({ store, keyring, defaultOrg: 'acme' });
  const { token } = await new Accounts(documents).initialize({ admin: 'admin', org: 'acme' });
  server = await startServer({ service, documents, host: '127.0.0.1', port: 0 });
  local = service;
  remote = createRemoteService({ url: server.url, token, defaultOrg: 'acme' });
});
afterAll(async () => {
  await server.stop();
});

describe('the remote service', () => {
  it('writes, reads, tags, opens and checks as the local one does', async () => {
    const written = await remote.createEnvironment('app/dev', {
      actor: 'ignored',
      definition: 'values:\n  n: 1.50\n  s:\n    fn::secret: hunter2\n',
    });
    expect(written).toMatchObject({ number: 1, author: 'admin', diagnostics: [] });
    expect(await remote.getEnvironment('app/dev')).toEqual(await local.getEnvironment('app/dev'));
    const resolved = await remote.resolve('app/dev@latest');
    expect(resolved).toEqual(await local.resolve('app/dev@latest'));
    expect(await remote.readDefinition(resolved, { showSecrets: true })).toEqual(
      await local.readDefinition(resolved, { showSecrets: true }),
    );
    await remote.tagRevision('app/dev', 'stable', 1, { actor: 'x' });
    expect(await remote.listTags('app/dev')).toEqual(await local.listTags('app/dev'));
    expect(await remote.listRevisions('app/dev')).toEqual(await local.listRevisions('app/dev'));

    const opened = await remote.open('app/dev', { actor: 'x' });
    expect(opened.name).toBe('acme/app/dev');
    // Numbers keep their text; secrets keep their flag.
    const here = await local.open('app/dev', { actor: 'x' });
    expect(formatOutput(opened.value, 'json', { redact: false })).toBe(
      formatOutput(here.value, 'json', { redact: false }),
    );
    expect(valueToPlainJson(opened.value!, { redact: true })).toMatchObject({ s: '[secret]' });
    const checked = await remote.check(
      { env: 'app/dev', definition: 'values:\n  a: ${nope}\n' },
      { actor: 'x' },
    );
    expect(checked.diagnostics.map((d) => [d.code, d.summary, d.range?.filename])).toEqual([
      ['UNKNOWN_PROPERTY', 'unknown property "nope"', 'acme/app/dev'],
    ]);
    const audit = await remote.listAudit({ env: 'app/dev' });
    expect(audit.items.map((e) => [e.action, e.actor])).toEqual([
      ['create', 'admin'],
      ['decrypt', 'admin'], // readDefinition with showSecrets
      ['tag', 'admin'],
      ['open', 'admin'],
      ['open', 'x'], // the local open above
    ]);
  });

  it('raises the errors the service raised, with their fields', async () => {
    await expect(remote.getEnvironment('app/nope')).rejects.toBeInstanceOf(NotFoundError);
    const refused = await remote
      .updateDefinition('app/dev', 'values:\n  a: ${nope}\n', { actor: 'x', basedOn: 1 })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidDefinitionError);
    expect((refused as InvalidDefinitionError).diagnostics[0]?.summary).toBe(
      'unknown property "nope"',
    );
    expect((refused as Error).message).toBe(
      'the definition of acme/app/dev has errors; nothing was stored',
    );
    const conflict = await remote
      .updateDefinition('app/dev', 'values: {}\n', { actor: 'x', basedOn: 7 })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(StoreConflictError);
    expect(conflict).toMatchObject({ basedOn: 7, latest: 1, code: 'STORE_CONFLICT' });
  });

  it('says which server it cannot reach', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    const url = `http://127.0.0.1:${port}`;
    const gone = createRemoteService({ url, token: 't', defaultOrg: 'acme' });
    await expect(gone.getEnvironment('app/dev')).rejects.toThrow(
      `cannot reach the Strata server at ${url}: ECONNREFUSED`,
    );
    await expect(gone.getEnvironment('app/dev')).rejects.toBeInstanceOf(StoreIoError);
  });
});
