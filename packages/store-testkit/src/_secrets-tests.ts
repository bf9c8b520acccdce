import { describe, expect } from 'vitest';
import type { Store } from '@strata/core';
import {
  DecryptError,
  JsonNumber,
  NotFoundError,
  createKeyring,
  rotateMasterKey,
  valueToPlainJson,
} from '@strata/core';
import type { ContractContext } from './_context.js';

const who = { actor: 'alice' };
const DEV = { org: 'acme', project: 'app', name: 'dev' };

const WITH_SECRETS = `# database settings
values:
  # the password
  password:
    fn::secret: hunter2 # rotate monthly
  user: admin
  pool: 12345678901234567890
  timeout: 0.1000000000000000055 # seconds, exactly
  inline: {fn::secret: s3cr3t}
  nested:
    - fn::secret: third
`;

async function raw(store: Store, ref = DEV, revision = 1): Promise<string> {
  const doc = await store.getEnvironment(ref);
  const rev = await store.getRevision(ref, doc!.value.uid, revision);
  return new TextDecoder().decode(rev!.definition);
}

/** The payload inside an ESC `escx` envelope: drops the 8-byte header and the CRC-32. */
function escxPayload(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x65, 0x73, 0x63, 0x78, 0, 0, 0, 1]));
  return bytes.subarray(8, bytes.length - 4);
}

function ciphertexts(text: string): string[] {
  return [...text.matchAll(/ciphertext: ([A-Za-z0-9+/=]+)/g)].map((m) => m[1]!);
}

/** Secrets at rest and the import loader, over the store under test. */
export function registerSecretsTests({ test, serviceFor, masterKeys }: ContractContext): void {
  const { current: TEST_MASTER_KEY, other: OTHER_MASTER_KEY } = masterKeys;
  describe('service: secrets at rest', () => {
    test('plaintext secrets are stored as ESC-shaped ciphertext, the rest of the text as written', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/dev', { ...who, definition: WITH_SECRETS });
      const stored = await raw(store);
      for (const plain of ['hunter2', 's3cr3t', 'third']) expect(stored).not.toContain(plain);
      expect(ciphertexts(stored)).toHaveLength(3);
      // Block style as esc writes it; flow style where the secret sits in a flow collection.
      const skeleton = stored.replace(/ciphertext: [A-Za-z0-9+/=]+/g, 'ciphertext: <C>');
      expect(skeleton).toBe(`# database settings
values:
  # the password
  password:
    fn::secret:
      ciphertext: <C> # rotate monthly
  user: admin
  pool: 12345678901234567890
  timeout: 0.1000000000000000055 # seconds, exactly
  inline: {fn::secret: {ciphertext: <C>}}
  nested:
    - fn::secret:
        ciphertext: <C>
`);
    });

    test('show-secrets round-trips: decrypt, save, encrypt again', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/dev', { ...who, definition: WITH_SECRETS });
      const shown = await service.readDefinition('app/dev', { showSecrets: true });
      expect(shown.definition).toBe(WITH_SECRETS);
      expect((await service.readDefinition('app/dev')).definition).toBe(await raw(store));
      await service.updateDefinition('app/dev', shown.definition.replace('admin', 'root'), {
        ...who,
        basedOn: 1,
      });
      const second = await raw(store, DEV, 2);
      expect(second).not.toContain('hunter2');
      expect((await service.readDefinition('app/dev', { showSecrets: true })).definition).toBe(
        WITH_SECRETS.replace('admin', 'root'),
      );
    });

    test('definitions without plaintext secrets are stored byte for byte', async (store) => {
      const service = serviceFor(store);
      const text =
        'values:\n  a:   1   # odd spacing\n  b: {fn::secret: {ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==}}\n';
      await service.createEnvironment('app/dev', { ...who, definition: text });
      expect(await raw(store)).toBe(text);
    });

    test('ciphertext copied into another environment does not decrypt', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/dev', { ...who, definition: WITH_SECRETS });
      await service.createEnvironment('app/prod', { ...who, definition: await raw(store) });
      await expect(
        service.readDefinition('app/prod', { showSecrets: true }),
      ).rejects.toBeInstanceOf(DecryptError);
      const keyring = createKeyring({ store, masterKey: TEST_MASTER_KEY });
      const decrypter = keyring.decrypter({ org: 'acme', project: 'app', name: 'prod' });
      await expect(
        decrypter.decrypt(escxPayload(ciphertexts(await raw(store))[0]!)),
      ).rejects.toThrow(/cannot decrypt secrets of acme\/app\/prod/);
    });

    test('a wrong master key is reported as such', async (store) => {
      await serviceFor(store).createEnvironment('app/dev', { ...who, definition: WITH_SECRETS });
      const wrong = serviceFor(store, OTHER_MASTER_KEY);
      await expect(wrong.readDefinition('app/dev', { showSecrets: true })).rejects.toThrow(
        'cannot decrypt secrets of acme/app/dev: wrong master key',
      );
      await expect(wrong.readDefinition('app/dev')).resolves.toBeDefined();
      await expect(
        wrong.updateDefinition('app/dev', WITH_SECRETS, { ...who, basedOn: 1 }),
      ).rejects.toThrow('cannot encrypt secrets of acme/app/dev: wrong master key');
    });

    test('rotating the master key re-wraps data keys without rewriting revisions', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/dev', { ...who, definition: WITH_SECRETS });
      await service.createEnvironment('beta/app/dev', { ...who, definition: WITH_SECRETS });
      const before = await raw(store);
      expect(await rotateMasterKey(store, TEST_MASTER_KEY, OTHER_MASTER_KEY)).toBe(2);
      expect(await raw(store)).toBe(before);
      const rotated = serviceFor(store, OTHER_MASTER_KEY);
      for (const ref of ['app/dev', 'beta/app/dev']) {
        expect((await rotated.readDefinition(ref, { showSecrets: true })).definition).toBe(
          WITH_SECRETS,
        );
      }
      await expect(
        serviceFor(store).readDefinition('app/dev', { showSecrets: true }),
      ).rejects.toThrow(/wrong master key/);
      expect(await rotateMasterKey(store, TEST_MASTER_KEY, OTHER_MASTER_KEY)).toBe(0);
    });

    test('each org has its own data key', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('acme/app/dev', { ...who, definition: WITH_SECRETS });
      await service.createEnvironment('beta/app/dev', { ...who, definition: WITH_SECRETS });
      await service.createEnvironment('acme/app/prod', { ...who, definition: WITH_SECRETS });
      const keyring = (await store.getKeyring())!.value;
      expect(Object.keys(keyring.orgs).sort()).toEqual(['acme', 'beta']);
      expect(keyring.orgs['acme']).toHaveLength(1);
      expect(keyring.orgs['acme']![0]!.id).not.toBe(keyring.orgs['beta']![0]!.id);
      if ('key' in TEST_MASTER_KEY && TEST_MASTER_KEY.key instanceof Uint8Array)
        expect(JSON.stringify(keyring)).not.toContain(
          Buffer.from(TEST_MASTER_KEY.key).toString('base64'),
        );
    });

    test('concurrent first writes in a new org agree on one data key', async (store) => {
      const services = [serviceFor(store), serviceFor(store), serviceFor(store)];
      await Promise.all(
        services.map((s, i) =>
          s.createEnvironment(`app/e${i}`, { ...who, definition: WITH_SECRETS }),
        ),
      );
      expect((await store.getKeyring())!.value.orgs['acme']).toHaveLength(1);
      for (let i = 0; i < 3; i++) {
        expect(
          (await serviceFor(store).readDefinition(`app/e${i}`, { showSecrets: true })).definition,
        ).toBe(WITH_SECRETS);
      }
    });
  });

  describe('service: loading imports', () => {
    test('import names resolve relative to the importing org and project, with versions', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('acme/app/base', { ...who, definition: 'values: {v: 1}\n' });
      await service.updateDefinition('acme/app/base', 'values: {v: 2}\n', { ...who, basedOn: 1 });
      await service.tagRevision('acme/app/base', 'stable', 1, who);
      await service.createEnvironment('acme/shared/common', {
        ...who,
        definition: 'values: {shared: true}\n',
      });
      await service.createEnvironment('beta/x/y', { ...who, definition: 'values: {beta: true}\n' });
      const loader = service.importLoader(DEV);
      const cases: [string, string][] = [
        ['base', 'values: {v: 2}\n'],
        ['base@1', 'values: {v: 1}\n'],
        ['base@stable', 'values: {v: 1}\n'],
        ['base@latest', 'values: {v: 2}\n'],
        ['app/base', 'values: {v: 2}\n'],
        ['shared/common', 'values: {shared: true}\n'],
        ['beta/x/y', 'values: {beta: true}\n'],
      ];
      for (const [name, definition] of cases)
        expect((await loader.load(name)).definition).toBe(definition);
      await expect(loader.load('nope')).rejects.toThrow('environment acme/app/nope not found');
      await expect(loader.load('base@9')).rejects.toBeInstanceOf(NotFoundError);
    });

    test('the loader hands out ciphertext and a decrypter for the imported environment', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/secrets', { ...who, definition: WITH_SECRETS });
      const loaded = await service.importLoader(DEV).load('secrets');
      const definition = String(loaded.definition);
      expect(definition).not.toContain('hunter2');
      const plaintext = await loaded.decrypter.decrypt(escxPayload(ciphertexts(definition)[0]!));
      expect(new TextDecoder().decode(plaintext)).toBe('hunter2');
    });

    test('reopening an unchanged graph re-reads only mutable pointers', async (store) => {
      let revisionReads = 0;
      const counting: Store = {
        ...bind(store),
        getRevision: (...args) => {
          revisionReads++;
          return store.getRevision(...args);
        },
      };
      const service = serviceFor(counting);
      await service.createEnvironment('app/a', { ...who, definition: 'values: {a: 1}\n' });
      await service.createEnvironment('app/b', { ...who, definition: 'values: {b: 1}\n' });
      const loader = service.importLoader(DEV);
      const names = ['a', 'b', 'a@1'];
      for (const n of names) await loader.load(n);
      expect(revisionReads).toBe(2);
      for (const n of names) await loader.load(n);
      expect(revisionReads).toBe(2);
      await service.updateDefinition('app/a', 'values: {a: 2}\n', { ...who, basedOn: 1 });
      expect((await loader.load('a')).definition).toBe('values: {a: 2}\n');
      expect(revisionReads).toBe(3);
    });

    test('open evaluates the definition with its decrypter and loader, and audits', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/base', { ...who, definition: 'values: {b: 1}\n' });
      await service.createEnvironment('app/dev', { ...who, definition: 'imports: [base]\n' });
      const opened = await service.open('app/dev', { actor: 'erin' });
      expect([opened.name, opened.resolved.revision, opened.definition]).toEqual([
        'acme/app/dev',
        1,
        'imports: [base]\n',
      ]);
      expect(opened.diagnostics).toEqual([]);
      expect(valueToPlainJson(opened.value!, { redact: false })).toEqual({
        b: new JsonNumber('1'),
      });
      const audit = await service.listAudit({ env: 'app/dev' });
      expect(audit.items.at(-1)).toMatchObject({ action: 'open', actor: 'erin', revision: 1 });
    });
  });
}

/** A plain object whose methods call the store's own, so single methods can be replaced. */
function bind(store: Store): Store {
  return {
    createEnvironment: (...a) => store.createEnvironment(...a),
    getEnvironment: (...a) => store.getEnvironment(...a),
    updateEnvironment: (...a) => store.updateEnvironment(...a),
    deleteEnvironment: (...a) => store.deleteEnvironment(...a),
    listEnvironments: (...a) => store.listEnvironments(...a),
    appendRevision: (...a) => store.appendRevision(...a),
    getRevision: (...a) => store.getRevision(...a),
    getLatestRevision: (...a) => store.getLatestRevision(...a),
    listRevisions: (...a) => store.listRevisions(...a),
    appendAudit: (...a) => store.appendAudit(...a),
    listAudit: (...a) => store.listAudit(...a),
    getKeyring: () => store.getKeyring(),
    putKeyring: (...a) => store.putKeyring(...a),
    getDocument: (...a) => store.getDocument(...a),
    putDocument: (...a) => store.putDocument(...a),
    deleteDocument: (...a) => store.deleteDocument(...a),
    listDocuments: (...a) => store.listDocuments(...a),
    close: () => store.close(),
  };
}
