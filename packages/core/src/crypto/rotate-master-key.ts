import { DecryptError, MasterKeyError } from '../errors.js';
import type { KeyringRecord, Store, WrappedDataKey } from '../store/store.js';
import type { MasterKey } from './master-key.js';
import { mapLimit } from '../internal/map-limit.js';

const MAX_ATTEMPTS = 10;
/** Data keys rewrapped at once (each is up to three calls to a key service). */
const CONCURRENCY = 8;

/**
 * Re-wraps every org's data keys from `oldKey` to `newKey` in one compare-and-set of the keyring.
 * Revisions are untouched: their ciphertext is under the data keys, which stay the same. Keys
 * already wrapped by `newKey` are left as they are, and nothing is written until every key is
 * rewrapped and opened again with `newKey`, so an interrupted rotation changes nothing and can be
 * rerun. Returns how many data keys were re-wrapped.
 */
export async function rotateMasterKey(
  store: Store,
  oldKey: MasterKey,
  newKey: MasterKey,
): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await store.getKeyring();
    if (!doc) return 0;
    const jobs: { org: string; index: number; entry: WrappedDataKey }[] = [];
    const orgs: Record<string, WrappedDataKey[]> = {};
    for (const [org, keys] of Object.entries(doc.value.orgs)) {
      orgs[org] = [...keys];
      keys.forEach((entry, index) => {
        if (entry.masterKeyId === newKey.id) return;
        if (entry.masterKeyId !== oldKey.id) {
          throw new DecryptError(
            `cannot rotate the master key: data key ${entry.id} of ${org} is wrapped by master key ${entry.masterKeyId}, neither ${oldKey.source} nor ${newKey.source}`,
            { hint: 'run it with the master key that wraps it (`strata keys status` shows which)' },
          );
        }
        jobs.push({ org, index, entry });
      });
    }
    if (jobs.length === 0) return 0;
    await mapLimit(jobs, CONCURRENCY, async ({ org, index, entry }) => {
      const context = { org, keyId: entry.id };
      let key: Uint8Array;
      try {
        key = await oldKey.unwrap(entry.wrapped, context);
      } catch (error) {
        if (error instanceof MasterKeyError) throw error;
        throw new DecryptError(
          `cannot rotate the master key: data key ${entry.id} of ${org} does not open with ${oldKey.source}`,
          { cause: error },
        );
      }
      const wrapped = await newKey.wrap(key, context);
      // A key that wraps but cannot unwrap (a KMS policy allowing Encrypt only) would lock every
      // secret away: each rewrapped key is opened again before anything is written.
      let back: Uint8Array | undefined;
      try {
        back = await newKey.unwrap(wrapped, context);
      } catch (error) {
        if (error instanceof MasterKeyError) throw error;
      }
      if (back === undefined || !Buffer.from(back).equals(Buffer.from(key)))
        throw new MasterKeyError(
          `cannot rotate the master key: ${newKey.source} does not unwrap what it wrapped; nothing was changed`,
          {
            hint: 'check that the new key may both encrypt and decrypt (for KMS: kms:Encrypt and kms:Decrypt)',
          },
        );
      orgs[org]![index] = { ...entry, masterKeyId: newKey.id, wrapped };
    });
    const record: KeyringRecord = { orgs };
    if ((await store.putKeyring(record, doc.version)) !== null) return jobs.length;
  }
  throw new DecryptError('cannot rotate the master key: the keyring kept changing; try again');
}
