import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey, type MasterKey } from '../../src/crypto/master-key.js';
import { rotateMasterKey } from '../../src/crypto/rotate-master-key.js';
import { MasterKeyError } from '../../src/errors.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';

const OLD = createMasterKey(new Uint8Array(32).fill(1), 'key file /old');
const NEW = createMasterKey(new Uint8Array(32).fill(2), 'key file /new');

async function storeWithKeys(orgs: string[]) {
  const store = createMemoryStore();
  const keyring = createKeyring({ store, masterKey: OLD });
  const payloads: Uint8Array[] = [];
  for (const org of orgs)
    payloads.push(
      await keyring.encrypter({ org, project: 'app', name: 'dev' }).encrypt(new Uint8Array([7])),
    );
  return { store, payloads };
}

describe('rotateMasterKey', () => {
  it('rewraps every org, after which the new key opens what the old one wrote', async () => {
    const { store, payloads } = await storeWithKeys(['acme', 'beta']);
    expect(await rotateMasterKey(store, OLD, NEW)).toBe(2);
    const keyring = createKeyring({ store, masterKey: NEW });
    for (const [i, org] of ['acme', 'beta'].entries())
      expect([
        ...(await keyring.decrypter({ org, project: 'app', name: 'dev' }).decrypt(payloads[i]!)),
      ]).toEqual([7]);
    // Run again: nothing left to do.
    expect(await rotateMasterKey(store, OLD, NEW)).toBe(0);
  });

  it('writes nothing when the new key cannot unwrap what it wraps', async () => {
    const { store } = await storeWithKeys(['acme']);
    const before = (await store.getKeyring())!;
    const encryptOnly: MasterKey = {
      id: 'kms://encrypt-only',
      source: 'kms://encrypt-only',
      wrap: (key, context) => NEW.wrap(key, context),
      unwrap: () => Promise.reject(new Error('AccessDenied')),
    };
    const error = await rotateMasterKey(store, OLD, encryptOnly).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterKeyError);
    expect((error as Error).message).toBe(
      'cannot rotate the master key: kms://encrypt-only does not unwrap what it wrapped; nothing was changed',
    );
    expect((await store.getKeyring())!.value).toEqual(before.value);
  });

  it('refuses data keys wrapped by a third key, naming it', async () => {
    const { store } = await storeWithKeys(['acme']);
    const third = createMasterKey(new Uint8Array(32).fill(3), 'key file /third');
    await expect(rotateMasterKey(store, third, NEW)).rejects.toThrow(
      `data key ${(await store.getKeyring())!.value.orgs['acme']![0]!.id} of acme is wrapped by master key ${OLD.id}, neither key file /third nor key file /new`,
    );
  });
});
