// The OIDC issuer's record: its signing key encrypted under the org's data keys, readable only with
// the master key and store it was made with.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring, createMasterKey, createMemoryStore, DecryptError } from '@strata/core';
import {
  createSigningKey,
  decryptPrivateJwk,
  encryptPrivateJwk,
  parseIssuerRecord,
  type IssuerRecord,
} from '../src/index.js';

const keyringOf = (store = createMemoryStore(), master = randomBytes(32)) =>
  createKeyring({ store, masterKey: createMasterKey(new Uint8Array(master)) });

async function recordFor(org: string, keyring: ReturnType<typeof keyringOf>) {
  const key = await createSigningKey('ES256');
  const record: IssuerRecord = {
    issuer: 'https://oidc.example.com/strata',
    alg: key.alg,
    kid: key.kid,
    createdAt: new Date(0).toISOString(),
    encryptedKey: await encryptPrivateJwk(keyring, org, key.privateJwk),
  };
  return { key, record };
}

describe('the issuer record', () => {
  it('keeps the private key encrypted and gives it back with the same keyring', async () => {
    const keyring = keyringOf();
    const { key, record } = await recordFor('acme', keyring);
    const privateD = (key.privateJwk as { d: string }).d;
    expect(JSON.stringify(record)).not.toContain(privateD);
    expect(await decryptPrivateJwk(keyring, 'acme', record)).toEqual(key.privateJwk);
  });

  it('does not open under another master key or another org', async () => {
    const store = createMemoryStore();
    const master = randomBytes(32);
    const { record } = await recordFor('acme', keyringOf(store, master));
    await expect(decryptPrivateJwk(keyringOf(store), 'acme', record)).rejects.toThrow(
      new DecryptError('cannot decrypt the OIDC signing key of org acme'),
    );
    await expect(decryptPrivateJwk(keyringOf(store, master), 'other', record)).rejects.toThrow(
      'cannot decrypt the OIDC signing key of org other',
    );
  });

  it('reads only well-formed records', async () => {
    const { record } = await recordFor('acme', keyringOf());
    expect(parseIssuerRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
    expect(parseIssuerRecord({ ...record, alg: 'none' })).toBeUndefined();
    expect(parseIssuerRecord({ ...record, encryptedKey: 1 })).toBeUndefined();
    expect(parseIssuerRecord(null)).toBeUndefined();
    expect(parseIssuerRecord([record])).toBeUndefined();
  });
});
