import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey } from '../../src/crypto/master-key.js';
import { InvalidArgumentError, NotFoundError } from '../../src/errors.js';
import { createEnvironmentsService } from '../../src/service/environments-service.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { Store } from '../../src/store/store.js';

// Open sessions as the service's rules: open once, read by the opener only, every access audited,
// and the session stored together with the open's audit event.

/** A memory store whose audit events and documents are written at the end of the event loop's turn, as a group commit does; `groups` lists what each commit held. */
function groupCommitting() {
  const inner = createMemoryStore();
  const groups: string[][] = [];
  let pending: { what: string; write: () => Promise<unknown> }[] = [];
  const later = <T>(what: string, write: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (pending.length === 0)
        setImmediate(() => {
          const batch = pending;
          pending = [];
          groups.push(batch.map((p) => p.what));
          for (const job of batch) void job.write();
        });
      pending.push({ what, write: () => write().then(resolve, reject) });
    });
  const store: Store = Object.create(inner) as Store;
  store.appendAudit = (event) => later(`audit:${event.action}`, () => inner.appendAudit(event));
  store.putDocument = (collection, id, value, expected, options) =>
    later(`doc:${collection}`, () => inner.putDocument(collection, id, value, expected, options));
  return { store, groups };
}

function setUp(store: Store = createMemoryStore()) {
  const keyring = createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(5)) });
  const service = createEnvironmentsService({ store, keyring, defaultOrg: 'acme' });
  return { store, service };
}

const definition = 'values:\n  db:\n    host: h1\n    password:\n      fn::secret: hunter2\n';

async function actions(store: Store): Promise<string[]> {
  const page = await store.listAudit({ org: 'acme', limit: 100 });
  return page.items.map((e) => `${e.action} ${e.actor}`);
}

describe('open sessions of the service', () => {
  it('hold the opened environment, secrets in plaintext, for its opener', async () => {
    const { store, service } = setUp();
    await service.createEnvironment('app/dev', { actor: 'alice', definition });
    const opened = await service.openSession('app/dev', { actor: 'jane' });
    expect(opened.session?.id).toMatch(/^[0-9a-f]{32}$/);
    const json = await service.readSession('app/dev', opened.session!.id, { actor: 'jane' });
    expect(JSON.parse(json)).toMatchObject({
      properties: { db: { value: { password: { value: 'hunter2', secret: true } } } },
    });
    const property = await service.readSession('app/dev', opened.session!.id, {
      actor: 'jane',
      property: 'db.host',
    });
    expect(JSON.parse(property)).toMatchObject({ value: 'h1' });
    expect(await actions(store)).toEqual([
      'create alice',
      'open jane',
      'read-session jane',
      'read-session jane',
    ]);
  });

  it('are not found for anyone else, and nothing of them is audited as read', async () => {
    const { store, service } = setUp();
    await service.createEnvironment('app/dev', { actor: 'alice', definition });
    const { session } = await service.openSession('app/dev', { actor: 'jane' });
    await expect(service.readSession('app/dev', session!.id, { actor: 'bob' })).rejects.toThrow(
      `open session ${session!.id} not found or expired`,
    );
    await service.createEnvironment('app/prod', { actor: 'alice', definition });
    await expect(service.readSession('app/prod', session!.id, { actor: 'jane' })).rejects.toThrow(
      NotFoundError,
    );
    expect((await actions(store)).filter((a) => a.startsWith('read-session'))).toEqual([]);
  });

  it('answer a missing property as not found', async () => {
    const { service } = setUp();
    await service.createEnvironment('app/dev', { actor: 'alice', definition });
    const { session } = await service.openSession('app/dev', { actor: 'jane' });
    await expect(
      service.readSession('app/dev', session!.id, { actor: 'jane', property: 'db.port' }),
    ).rejects.toThrow('property db.port not found');
  });

  it('refuse a duration out of range before opening anything', async () => {
    const { store, service } = setUp();
    await service.createEnvironment('app/dev', { actor: 'alice', definition });
    for (const durationMs of [0, -1, 25 * 3_600_000, Number.NaN])
      await expect(service.openSession('app/dev', { actor: 'jane', durationMs })).rejects.toThrow(
        InvalidArgumentError,
      );
    expect(await actions(store)).toEqual(['create alice']);
  });

  it('are not opened for an environment with errors, whose open is still audited', async () => {
    const { store, service } = setUp();
    await service.createEnvironment('app/dev', { actor: 'alice', definition });
    await service.createEnvironment('app/broken', {
      actor: 'alice',
      definition: 'imports:\n  - dev\nvalues:\n  a: 1\n',
    });
    await service.deleteEnvironment('app/dev', { actor: 'alice' });
    const opened = await service.openSession('app/broken', { actor: 'jane' });
    expect(opened.session).toBeUndefined();
    expect(opened.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(await actions(store)).toContain('open jane');
    expect((await store.listDocuments('open-sessions', { limit: 10 })).items).toEqual([]);
  });

  it('are stored in the same commit as the audit event of their open', async () => {
    const { store: grouped, groups } = groupCommitting();
    const { service } = setUp(grouped);
    await service.createEnvironment('app/dev', { actor: 'alice', definition });
    groups.length = 0;
    const { session } = await service.openSession('app/dev', { actor: 'jane' });
    expect(session).toBeDefined();
    expect(groups[0]).toEqual(['audit:open', 'doc:open-sessions']);
  });
});

describe('an open whose audit event cannot be stored', () => {
  it('fails, and leaves no session behind', async () => {
    const inner = createMemoryStore();
    let auditFails = false;
    const store: Store = Object.create(inner) as Store;
    store.appendAudit = (event) =>
      auditFails ? Promise.reject(new Error('audit store down')) : inner.appendAudit(event);
    const { service } = setUp(store);
    await service.createEnvironment('app/dev', { actor: 'alice', definition });
    auditFails = true;
    await expect(service.openSession('app/dev', { actor: 'jane' })).rejects.toThrow(
      'audit store down',
    );
    expect((await inner.listDocuments('open-sessions', { limit: 10 })).items).toEqual([]);
  });
});
