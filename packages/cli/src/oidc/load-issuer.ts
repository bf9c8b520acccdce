import type { SecretKeyring } from '@strata/core';
import { importSigningKey, type OidcIssuer } from '@strata/providers-aws';
import { CliError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { decryptIssuerKey, readIssuerRecord } from './issuer-store.js';

/** The org's issuer with its decrypted signing key, or an error saying to run `oidc init`. */
export async function loadIssuer(
  io: CliIo,
  keyring: SecretKeyring,
  org: string,
): Promise<OidcIssuer> {
  const record = await readIssuerRecord(io.env, org);
  if (record === undefined)
    throw new CliError(
      `org ${org} has no OIDC issuer`,
      'run `strata oidc init --issuer https://<where you publish>` first',
    );
  const jwk = await decryptIssuerKey(keyring, org, record);
  return { url: record.issuer, key: await importSigningKey(jwk, record.alg) };
}
