import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey } from '../../src/crypto/master-key.js';
import type { Provider } from '../../src/eval/host-interfaces.js';
import { createProviderRegistry } from '../../src/registry/provider-registry.js';
import { createEnvironmentsService } from '../../src/service/environments-service.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { EnvironmentKey } from '../../src/store/store.js';
import { valueToPlainJson } from '../../src/projection/render-value-json.js';

// The service reuses an earlier open of the same revision by the same actor. Nothing a caller
// sees may differ from evaluating again: every change in the import graph, a refused import, a
// provider and the actor's own context are seen at the next open.

function setUp(providers?: ReturnType<typeof createProviderRegistry>) {
  const store = createMemoryStore();
  const keyring = createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(4)) });
  let decrypts = 0;
  const counted = {
    ...keyring,
    decrypter: (env: EnvironmentKey) => {
      const inner = keyring.decrypter(env);
      return {
        decrypt: (ciphertext: Uint8Array) => {
          decrypts++;
          return inner.decrypt(ciphertext);
        },
      };
    },
  };
  const service = createEnvironmentsService({
    store,
    keyring: counted,
    defaultOrg: 'acme',
    ...(providers === undefined ? {} : { providers }),
  });
  const open = async (ref: string, actor = 'jane', on = service) => {
    const opened = await on.open(ref, { actor });
    return opened.value === undefined
      ? undefined
      : valueToPlainJson(opened.value, { redact: false });
  };
  return { service, open, decrypts: () => decrypts };
}

async function graph(service: ReturnType<typeof setUp>['service']) {
  await service.createEnvironment('app/base', {
    actor: 'alice',
    definition: 'values:\n  db: {host: h1}\n  pw:\n    fn::secret: s3cret\n',
  });
  await service.tagRevision('app/base', 'stable', 1, { actor: 'alice' });
  await service.createEnvironment('app/dev', {
    actor: 'alice',
    definition: 'imports:\n  - base@stable\nvalues:\n  who: ${context.pulumi.user.login}\n',
  });
}

describe('reused opens', () => {
  it('give what evaluating again gives, without decrypting again', async () => {
    const { service, open, decrypts } = setUp();
    await graph(service);
    const first = await open('app/dev');
    const seen = decrypts();
    expect(await open('app/dev')).toEqual(first);
    expect(first).toEqual({ db: { host: 'h1' }, pw: 's3cret', who: 'jane' });
    expect(decrypts()).toBe(seen);
  });

  it('see a tag moved and a new revision in the import graph at the next open', async () => {
    const { service, open } = setUp();
    await graph(service);
    await open('app/dev');
    await service.updateDefinition('app/base', 'values:\n  db: {host: h2}\n', {
      actor: 'alice',
      basedOn: 1,
    });
    // The tag still names revision 1.
    expect(await open('app/dev')).toMatchObject({ db: { host: 'h1' } });
    await service.tagRevision('app/base', 'stable', 2, { actor: 'alice' });
    expect(await open('app/dev')).toEqual({ db: { host: 'h2' }, who: 'jane' });
    await service.updateDefinition('app/dev', 'imports:\n  - base\nvalues:\n  v: two\n', {
      actor: 'alice',
      basedOn: 1,
    });
    expect(await open('app/dev')).toEqual({ db: { host: 'h2' }, v: 'two' });
  });

  it('are not reused for another actor, nor past a refused import', async () => {
    const { service, open } = setUp();
    await graph(service);
    await open('app/dev', 'jane');
    expect(await open('app/dev', 'joe')).toMatchObject({ who: 'joe' });
    const refused = service.scoped({
      imports: () => Promise.reject(new Error('not allowed to open acme/app/base')),
    });
    const opened = await refused.open('app/dev', { actor: 'jane' });
    expect(opened.diagnostics.map((d) => d.summary)).toEqual([
      expect.stringContaining('not allowed to open acme/app/base'),
    ]);
  });

  it('are not kept for definitions too large to hold in memory', async () => {
    const { service, open, decrypts } = setUp();
    await service.createEnvironment('app/big', {
      actor: 'alice',
      definition: `values:\n  pad: ${'x'.repeat(300 * 1024)}\n  pw:\n    fn::secret: s3cret\n`,
    });
    await open('app/big');
    const seen = decrypts();
    expect(await open('app/big')).toMatchObject({ pw: 's3cret' });
    expect(decrypts()).toBeGreaterThan(seen);
  });

  it('never reuse what a provider gave', async () => {
    let calls = 0;
    const counter: Provider = {
      schema: () => ({ inputs: true, outputs: true }),
      open: () => Promise.resolve({ n: `call ${++calls}` }),
    };
    const { service, open } = setUp(
      createProviderRegistry().registerProvider('counter', () => counter),
    );
    await service.createEnvironment('app/creds', {
      actor: 'alice',
      definition: 'values:\n  creds:\n    fn::open::counter: {}\n',
    });
    expect(await open('app/creds')).toEqual({ creds: { n: 'call 1' } });
    expect(await open('app/creds')).toEqual({ creds: { n: 'call 2' } });
  });
});
