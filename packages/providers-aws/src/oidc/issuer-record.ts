// What Strata keeps of its OIDC issuer, wherever a host keeps it (the CLI: a file in its config
// folder): the public parts in clear and the private JWK as keyring ciphertext, under the same
// data keys as the org's secrets, so the record is useless without the master key and the store.

import { z } from 'zod';
import { DecryptError, type EnvironmentKey, type SecretKeyring } from '@strata/core';

/**
 * The keyring name the signing key is encrypted under. `:` is not allowed in environment names,
 * so no environment's ciphertext can be swapped with it.
 */
export function issuerKeyName(org: string): EnvironmentKey {
  return { org, project: ':strata', name: 'oidc-signing-key' };
}

const issuerRecordSchema = z.object({
  issuer: z.string(),
  alg: z.enum(['ES256', 'RS256']),
  kid: z.string(),
  createdAt: z.string(),
  /** base64 of `keyring.encrypter(issuerKeyName(org))` over the private JWK's JSON. */
  encryptedKey: z.string(),
});

export type IssuerRecord = Readonly<z.infer<typeof issuerRecordSchema>>;

/** The record from its JSON form; undefined when it is not one. */
export function parseIssuerRecord(value: unknown): IssuerRecord | undefined {
  const parsed = issuerRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export async function encryptPrivateJwk(
  keyring: SecretKeyring,
  org: string,
  privateJwk: unknown,
): Promise<string> {
  const bytes = await keyring
    .encrypter(issuerKeyName(org))
    .encrypt(Buffer.from(JSON.stringify(privateJwk), 'utf8'));
  return Buffer.from(bytes).toString('base64');
}

/** The hint of a signing key that no longer decrypts. */
export const UNDECRYPTABLE_ISSUER_HINT =
  'use the master key and backend it was created with, or run `strata oidc init --force` and publish the new key';

/** The private JWK back; a DecryptError saying what to do when the master key or store changed. */
export async function decryptPrivateJwk(
  keyring: SecretKeyring,
  org: string,
  record: IssuerRecord,
): Promise<Record<string, unknown>> {
  try {
    const plain = await keyring
      .decrypter(issuerKeyName(org))
      .decrypt(Buffer.from(record.encryptedKey, 'base64'));
    return JSON.parse(Buffer.from(plain).toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new DecryptError(`cannot decrypt the OIDC signing key of org ${org}`, { cause: error });
  }
}
