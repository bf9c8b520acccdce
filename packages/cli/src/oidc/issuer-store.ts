// Where `strata oidc init` keeps the issuer: `<config dir>/oidc/<org>.json`, the private key
// encrypted with the backend's keyring (the same data keys as the org's secrets), so the file is
// useless without the master key and the store.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EnvironmentKey, SecretKeyring } from '@strata/core';
import { CliError } from '../cli-error.js';
import { configPath } from '../config.js';
import { EXIT } from '../exit-codes.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The keyring name the signing key is encrypted under. `:` is not allowed in environment names,
 * so no environment's ciphertext can be swapped with it.
 */
export function issuerKeyName(org: string): EnvironmentKey {
  return { org, project: ':strata', name: 'oidc-signing-key' };
}

/** What the file holds: public parts in clear, the private JWK as keyring ciphertext. */
export interface IssuerRecord {
  readonly issuer: string;
  readonly alg: 'ES256' | 'RS256';
  readonly kid: string;
  readonly createdAt: string;
  /** base64 of `keyring.encrypter(issuerKeyName(org))` over the private JWK's JSON. */
  readonly encryptedKey: string;
}

function parseRecord(value: unknown): IssuerRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error();
  const r = value as Record<string, unknown>;
  const { issuer, alg, kid, createdAt, encryptedKey } = r;
  if (
    typeof issuer !== 'string' ||
    (alg !== 'ES256' && alg !== 'RS256') ||
    typeof kid !== 'string' ||
    typeof createdAt !== 'string' ||
    typeof encryptedKey !== 'string'
  )
    throw new Error();
  return { issuer, alg, kid, createdAt, encryptedKey };
}

export function issuerPath(env: Env, org: string): string {
  return join(dirname(configPath(env)), 'oidc', `${org}.json`);
}

export async function readIssuerRecord(env: Env, org: string): Promise<IssuerRecord | undefined> {
  const path = issuerPath(env, org);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${path}`, 'check its permissions', EXIT.ERROR, {
      cause: error,
    });
  }
  try {
    return parseRecord(JSON.parse(text));
  } catch {
    throw new CliError(
      `${path} is not a valid issuer file`,
      'run `strata oidc init --force --issuer <url>` to create a new key',
    );
  }
}

/** Writes the record atomically, readable by its owner only. */
export async function writeIssuerRecord(
  env: Env,
  org: string,
  record: IssuerRecord,
): Promise<void> {
  const path = issuerPath(env, org);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  await rename(temp, path);
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

/** The private JWK back; a clear error when the master key or the backend changed. */
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
    throw new CliError(
      `cannot decrypt the OIDC signing key of org ${org}`,
      'use the master key and backend it was created with, or run `strata oidc init --force` and publish the new key',
      EXIT.ERROR,
      { cause: error },
    );
  }
}
