import { randomBytes } from 'node:crypto';
import type { Decrypter, Encrypter } from '../eval/host-interfaces.js';
import { DecryptError, MasterKeyError } from '../errors.js';
import type { EnvironmentKey, KeyringRecord, Store, WrappedDataKey } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import { openAesGcm, sealAesGcm } from './_aes-gcm.js';
import { describeMasterKey, type MasterKey } from './master-key.js';

/** Encrypters and decrypters for the secrets of each environment, with per-org data keys. */
export interface SecretKeyring {
  encrypter(env: EnvironmentKey): Encrypter;
  /** Decrypts payloads (the bytes inside the ESC `escx` envelope) made by `encrypter(env)`. */
  decrypter(env: EnvironmentKey): Decrypter;
}

export interface CreateKeyringOptions {
  readonly store: Store;
  readonly masterKey: MasterKey;
  readonly now?: () => Date;
}

const PAYLOAD_FORMAT = 1;
const MAX_CREATE_ATTEMPTS = 10;

/**
 * Payload layout: format byte (1), key id length (1 byte), key id (ASCII), then AES-256-GCM
 * iv (12) + tag (16) + ciphertext, with `org/project/name` as associated data so ciphertext
 * copied into another environment fails to decrypt.
 */
export function createKeyring(options: CreateKeyringOptions): SecretKeyring {
  const { store, masterKey } = options;
  const now = options.now ?? (() => new Date());
  // Unwrapped data keys by org, then key id. Data keys never change once created.
  const cache = new Map<string, Map<string, Buffer>>();

  const remember = (org: string, id: string, key: Buffer): Buffer => {
    let keys = cache.get(org);
    if (!keys) cache.set(org, (keys = new Map<string, Buffer>()));
    keys.set(id, key);
    return key;
  };

  // Unwraps in flight, by org and key id: with a key service, one call serves every environment
  // of an open that needs the same data key.
  const unwrapping = new Map<string, Promise<Buffer>>();
  const unwrap = (
    org: string,
    entry: WrappedDataKey,
    envName: string,
    verb: string,
  ): Promise<Buffer> => {
    const cached = cache.get(org)?.get(entry.id);
    if (cached) return Promise.resolve(cached);
    if (entry.masterKeyId !== masterKey.id)
      return Promise.reject(wrongMasterKey(verb, envName, entry, masterKey));
    const flight = `${org}\0${entry.id}`;
    let running = unwrapping.get(flight);
    if (running === undefined) {
      running = masterKey
        .unwrap(entry.wrapped, { org, keyId: entry.id })
        .then(
          (key) => remember(org, entry.id, Buffer.from(key)),
          (error: unknown) => {
            // A key service refusing or unreachable is its own error, not a wrong key.
            if (error instanceof MasterKeyError) throw error;
            throw wrongMasterKey(verb, envName, entry, masterKey, error);
          },
        )
        .finally(() => unwrapping.delete(flight));
      unwrapping.set(flight, running);
    }
    return running;
  };

  /** The org's newest data key, created (and stored) on first use. */
  const currentKey = async (env: EnvironmentKey): Promise<{ id: string; key: Buffer }> => {
    const envName = formatEnvironmentKey(env);
    for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
      const doc = await store.getKeyring();
      const keys = doc?.value.orgs[env.org];
      const newest = keys?.[keys.length - 1];
      if (newest) return { id: newest.id, key: await unwrap(env.org, newest, envName, 'encrypt') };

      const id = `dk-${randomBytes(8).toString('hex')}`;
      const key = randomBytes(32);
      const entry: WrappedDataKey = {
        id,
        masterKeyId: masterKey.id,
        wrapped: await masterKey.wrap(key, { org: env.org, keyId: id }),
        createdAt: now().toISOString(),
      };
      const record: KeyringRecord = { orgs: { ...doc?.value.orgs, [env.org]: [entry] } };
      // Lost races re-read: another process may have created this org's key meanwhile.
      if ((await store.putKeyring(record, doc?.version ?? null)) !== null)
        return { id, key: remember(env.org, id, key) };
    }
    throw new DecryptError(
      `cannot encrypt secrets of ${envName}: the keyring kept changing; try again`,
    );
  };

  // Keyring reads in flight, by org and key id: the environments of one open decrypt at once, and
  // one read serves them all.
  const reading = new Map<string, Promise<WrappedDataKey | undefined>>();
  const readEntry = (org: string, id: string): Promise<WrappedDataKey | undefined> => {
    const key = `${org}/${id}`;
    let read = reading.get(key);
    if (read === undefined) {
      read = store
        .getKeyring()
        .then((doc) => doc?.value.orgs[org]?.find((k) => k.id === id))
        .finally(() => reading.delete(key));
      reading.set(key, read);
    }
    return read;
  };

  const keyById = async (env: EnvironmentKey, id: string): Promise<Buffer> => {
    const cached = cache.get(env.org)?.get(id);
    if (cached) return cached;
    const envName = formatEnvironmentKey(env);
    const entry = await readEntry(env.org, id);
    if (!entry)
      throw new DecryptError(`cannot decrypt secrets of ${envName}: unknown data key ${id}`);
    return unwrap(env.org, entry, envName, 'decrypt');
  };

  return {
    encrypter(env) {
      const aad = Buffer.from(formatEnvironmentKey(env), 'utf8');
      return {
        async encrypt(plaintext) {
          const { id, key } = await currentKey(env);
          const idBytes = Buffer.from(id, 'ascii');
          return Buffer.concat([
            Buffer.from([PAYLOAD_FORMAT, idBytes.length]),
            idBytes,
            sealAesGcm(key, plaintext, aad),
          ]);
        },
      };
    },

    decrypter(env) {
      const envName = formatEnvironmentKey(env);
      const aad = Buffer.from(envName, 'utf8');
      return {
        async decrypt(payload) {
          const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
          const idLength = bytes[1];
          if (
            bytes[0] !== PAYLOAD_FORMAT ||
            idLength === undefined ||
            bytes.length < 2 + idLength
          ) {
            throw new DecryptError(`cannot decrypt secrets of ${envName}: not a Strata ciphertext`);
          }
          const key = await keyById(env, bytes.subarray(2, 2 + idLength).toString('ascii'));
          try {
            return openAesGcm(key, bytes.subarray(2 + idLength), aad);
          } catch (error) {
            throw new DecryptError(
              `cannot decrypt secrets of ${envName}: the ciphertext was altered or belongs to another environment`,
              { cause: error },
            );
          }
        },
      };
    },
  };
}

function wrongMasterKey(
  verb: string,
  envName: string,
  entry: WrappedDataKey,
  current: MasterKey,
  cause?: unknown,
): DecryptError {
  const which =
    entry.masterKeyId === current.id
      ? `data key ${entry.id} does not open with master key ${describeMasterKey(current)}`
      : `data key ${entry.id} is wrapped by master key ${entry.masterKeyId}; this one is ${describeMasterKey(current)}`;
  return new DecryptError(`cannot ${verb} secrets of ${envName}: wrong master key (${which})`, {
    cause,
    hint:
      'use the master key these data keys are wrapped with (`strata keys status` shows which), ' +
      'or rewrap them with `strata keys rotate-master --to <source>` run with that key',
  });
}
