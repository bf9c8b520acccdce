import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealAesGcm } from '../../src/crypto/_aes-gcm.js';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey, wrapAad, type MasterKey } from '../../src/crypto/master-key.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { DecryptError } from '../../src/errors.js';

const master = createMasterKey(new Uint8Array(32).fill(1));
const dev = { org: 'acme', project: 'app', name: 'dev' };
const prod = { org: 'acme', project: 'app', name: 'prod' };
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('keyring', () => {
  it('reads the keyring once for many environments decrypting at once', async () => {
    const store = createMemoryStore();
    const writer = createKeyring({ store, masterKey: master });
    const envs = Array.from({ length: 10 }, (_, i) => ({ ...dev, name: `env${i}` }));
    const payloads = await Promise.all(
      envs.map((env) => writer.encrypter(env).encrypt(new TextEncoder().encode(env.name))),
    );
    let reads = 0;
    const counted = Object.assign(Object.create(store) as typeof store, {
      getKeyring: () => {
        reads++;
        return store.getKeyring();
      },
    });
    const reader = createKeyring({ store: counted, masterKey: master });
    const plaintexts = await Promise.all(
      envs.map((env, i) => reader.decrypter(env).decrypt(payloads[i]!)),
    );
    expect(plaintexts.map(text)).toEqual(envs.map((e) => e.name));
    expect(reads).toBe(1);
  });

  it('decrypts with a data key version already seen without reading; only a new version is read', async () => {
    const store = createMemoryStore();
    const first = await createKeyring({ store, masterKey: master })
      .encrypter(dev)
      .encrypt(new TextEncoder().encode('one'));
    let reads = 0;
    const counted = Object.assign(Object.create(store) as typeof store, {
      getKeyring: () => {
        reads++;
        return store.getKeyring();
      },
    });
    const reader = createKeyring({ store: counted, masterKey: master });
    expect(text(await reader.decrypter(dev).decrypt(first))).toBe('one');
    expect(reads).toBe(1);

    // The org's keys grow by a version, which new secrets are then encrypted with.
    const doc = (await store.getKeyring())!;
    const id = 'dk-00000000000000v2';
    const wrapped = sealAesGcm(master.key, randomBytes(32), wrapAad('acme', id));
    const entry = {
      id,
      masterKeyId: master.id,
      wrapped: wrapped.toString('base64'),
      createdAt: '2024-01-02T03:04:05.000Z',
    };
    await store.putKeyring({ orgs: { acme: [...doc.value.orgs['acme']!, entry] } }, doc.version);
    const second = await createKeyring({ store, masterKey: master })
      .encrypter(prod)
      .encrypt(new TextEncoder().encode('two'));

    expect(text(await reader.decrypter(dev).decrypt(first))).toBe('one');
    expect(reads).toBe(1);
    expect(text(await reader.decrypter(prod).decrypt(second))).toBe('two');
    expect(text(await reader.decrypter(prod).decrypt(second))).toBe('two');
    expect(reads).toBe(2);
  });

  it('round-trips plaintext through one environment, with fresh IVs', async () => {
    const keyring = createKeyring({ store: createMemoryStore(), masterKey: master });
    const plaintext = new TextEncoder().encode('hunter2 ✓');
    const a = await keyring.encrypter(dev).encrypt(plaintext);
    const b = await keyring.encrypter(dev).encrypt(plaintext);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(text(await keyring.decrypter(dev).decrypt(a))).toBe('hunter2 ✓');
  });

  it('lays the payload out as format, key id, iv, tag, ciphertext', async () => {
    const keyring = createKeyring({ store: createMemoryStore(), masterKey: master });
    const payload = Buffer.from(
      await keyring.encrypter(dev).encrypt(new TextEncoder().encode('abc')),
    );
    const idLength = payload[1]!;
    expect(payload[0]).toBe(1);
    expect(payload.subarray(2, 2 + idLength).toString('ascii')).toMatch(/^dk-[0-9a-f]{16}$/);
    expect(payload.length).toBe(2 + idLength + 12 + 16 + 3);
  });

  it.each([
    [
      'another environment',
      prod,
      (p: Uint8Array) => p,
      'cannot decrypt secrets of acme/app/prod: the ciphertext was altered or belongs to another environment',
    ],
    [
      'a flipped byte',
      dev,
      (p: Uint8Array) => p.map((b, i) => (i === p.length - 1 ? b ^ 1 : b)),
      'cannot decrypt secrets of acme/app/dev: the ciphertext was altered or belongs to another environment',
    ],
    [
      'a foreign payload',
      dev,
      () => new Uint8Array([0xe8, 0xf5]),
      'cannot decrypt secrets of acme/app/dev: not a Strata ciphertext',
    ],
    [
      'an unknown key id',
      dev,
      (p: Uint8Array) => p.map((b, i) => (i === 5 ? 0x7a : b)),
      /^cannot decrypt secrets of acme\/app\/dev: unknown data key dk-/,
    ],
  ])('refuses %s', async (_, target, change, message) => {
    const keyring = createKeyring({ store: createMemoryStore(), masterKey: master });
    const payload = await keyring.encrypter(dev).encrypt(new TextEncoder().encode('s'));
    const error = await keyring
      .decrypter(target)
      .decrypt(change(new Uint8Array(payload)))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DecryptError);
    expect((error as Error).message).toMatch(message);
  });

  it('reports a wrong master key', async () => {
    const store = createMemoryStore();
    const payload = await createKeyring({ store, masterKey: master })
      .encrypter(dev)
      .encrypt(new Uint8Array([1]));
    const otherKey = createMasterKey(new Uint8Array(32).fill(2), 'key file /k');
    const other = createKeyring({ store, masterKey: otherKey });
    const error = (await other
      .decrypter(dev)
      .decrypt(payload)
      .catch((e: unknown) => e)) as DecryptError;
    expect(error).toBeInstanceOf(DecryptError);
    expect(error.message).toBe(
      `cannot decrypt secrets of acme/app/dev: wrong master key (data key ${/dk-\w+/.exec(error.message)![0]} is wrapped by master key ${master.id}; this one is ${otherKey.id} (key file /k))`,
    );
    expect(error.hint).toContain('strata keys status');
  });

  it('unwraps a data key once for concurrent decryptions', async () => {
    const store = createMemoryStore();
    const payload = await createKeyring({ store, masterKey: master })
      .encrypter(dev)
      .encrypt(new Uint8Array([1]));
    let unwraps = 0;
    const counting: MasterKey = {
      id: master.id,
      source: master.source,
      wrap: (key, context) => master.wrap(key, context),
      unwrap: (wrapped, context) => {
        unwraps++;
        return master.unwrap(wrapped, context);
      },
    };
    const keyring = createKeyring({ store, masterKey: counting });
    const decrypters = [1, 2, 3].map(() => keyring.decrypter(dev));
    await Promise.all(decrypters.map((d) => d.decrypt(payload)));
    expect(unwraps).toBe(1);
  });

  it('a data key wrapped for one org does not open for another', async () => {
    const wrapped = await master.wrap(new Uint8Array(32).fill(5), { org: 'acme', keyId: 'dk-1' });
    const opened = await master.unwrap(wrapped, { org: 'acme', keyId: 'dk-1' });
    expect(Buffer.from(opened).equals(Buffer.alloc(32, 5))).toBe(true);
    await expect(master.unwrap(wrapped, { org: 'beta', keyId: 'dk-1' })).rejects.toThrow();
  });
});
