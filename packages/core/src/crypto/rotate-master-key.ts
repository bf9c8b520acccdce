import { DecryptError } from '../errors.js';
import type { KeyringRecord, Store, WrappedDataKey } from '../store/store.js';
import { openAesGcm, sealAesGcm } from './_aes-gcm.js';
import { wrapAad } from './keyring.js';
import type { MasterKey } from './master-key.js';

const MAX_ATTEMPTS = 10;

/**
 * Re-wraps every org's data keys from `oldKey` to `newKey` in one compare-and-set of the keyring.
 * Revisions are untouched: their ciphertext is under the data keys, which stay the same. Keys
 * already wrapped by `newKey` are left as they are, so an interrupted rotation can be rerun.
 * Returns how many data keys were re-wrapped.
 */
export async function rotateMasterKey(
  store: Store,
  oldKey: MasterKey,
  newKey: MasterKey,
): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await store.getKeyring();
    if (!doc) return 0;
    let count = 0;
    const orgs: Record<string, WrappedDataKey[]> = {};
    for (const [org, keys] of Object.entries(doc.value.orgs)) {
      orgs[org] = keys.map((entry) => {
        if (entry.masterKeyId === newKey.id) return entry;
        if (entry.masterKeyId !== oldKey.id) {
          throw new DecryptError(
            `cannot rotate the master key: data key ${entry.id} of ${org} is wrapped by another master key`,
          );
        }
        let key: Buffer;
        try {
          key = openAesGcm(
            oldKey.key,
            Buffer.from(entry.wrapped, 'base64'),
            wrapAad(org, entry.id),
          );
        } catch (error) {
          throw new DecryptError(`cannot rotate the master key: wrong master key for ${org}`, {
            cause: error,
          });
        }
        count++;
        return {
          ...entry,
          masterKeyId: newKey.id,
          wrapped: sealAesGcm(newKey.key, key, wrapAad(org, entry.id)).toString('base64'),
        };
      });
    }
    const record: KeyringRecord = { orgs };
    if ((await store.putKeyring(record, doc.version)) !== null) return count;
  }
  throw new DecryptError('cannot rotate the master key: the keyring kept changing; try again');
}
