import { randomBytes } from 'node:crypto';
import type { Decrypter, Encrypter } from '../eval/host-interfaces.js';
import { DecryptError } from '../errors.js';
import type { EnvironmentKey, KeyringRecord, Store, WrappedDataKey } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import { openAesGcm, sealAesGcm } from './_aes-gcm.js';
import type { MasterKey } from './master-key.js';

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

  const unwrap = (org: string, entry: WrappedDataKey, envName: string, verb: string): Buffer => {
    const cached = cache.get(org)?.get(entry.id);
    if (cached) return cached;
    if (entry.masterKeyId !== masterKey.id) throw wrongMasterKey(verb, envName);
    try {
      return remember(
        org,
        entry.id,
        openAesGcm(masterKey.key, Buffer.from(entry.wrapped, 'base64'), wrapAad(org, entry.id)),
      );
    } catch (error) {
      throw wrongMasterKey(verb, envName, error);
    }
  };

  /** The org's newest data key, created (and stored) on first use. */
  const currentKey = async (env: EnvironmentKey): Promise<{ id: string; key: Buffer }> => {
    const envName = formatEnvironmentKey(env);
    for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
      const doc = await store.getKeyring();
      const keys = doc?.value.orgs[env.org];
      const newest = keys?.[keys.length - 1];
      if (newest) return { id: newest.id, key: unwrap(env.org, newest, envName, 'encrypt') };

      const id = `dk-${randomBytes(8).toString('hex')}`;
      const key = randomBytes(32);
      const entry: WrappedDataKey = {
        id,
        masterKeyId: masterKey.id,
        wrapped: sealAesGcm(masterKey.key, key, wrapAad(env.org, id)).toString('base64'),
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

export function wrapAad(org: string, keyId: string): Buffer {
  return Buffer.from(`strata data key\0${org}\0${keyId}`, 'utf8');
}

function wrongMasterKey(verb: string, envName: string, cause?: unknown): DecryptError {
  return new DecryptError(`cannot ${verb} secrets of ${envName}: wrong master key`, { cause });
}
