// Where `strata oidc init` keeps the issuer: `<config dir>/oidc/<org>.json`. What the record holds
// and how its key is encrypted are @strata/providers-aws's (oidc/issuer-record.ts); the CLI only
// reads and writes the file.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SecretKeyring } from '@strata/core';
import {
  decryptPrivateJwk,
  parseIssuerRecord,
  UNDECRYPTABLE_ISSUER_HINT,
  type IssuerRecord,
} from '@strata/providers-aws';
import { CliError } from '../cli-error.js';
import { configPath } from '../config.js';
import { EXIT } from '../exit-codes.js';

type Env = Readonly<Record<string, string | undefined>>;

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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const record = parseIssuerRecord(json);
  if (record === undefined)
    throw new CliError(
      `${path} is not a valid issuer file`,
      'run `strata oidc init --force --issuer <url>` to create a new key',
    );
  return record;
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

/** The private JWK back; a CLI error with its hint when the master key or the backend changed. */
export async function decryptIssuerKey(
  keyring: SecretKeyring,
  org: string,
  record: IssuerRecord,
): Promise<Record<string, unknown>> {
  try {
    return await decryptPrivateJwk(keyring, org, record);
  } catch (error) {
    throw new CliError((error as Error).message, UNDECRYPTABLE_ISSUER_HINT, EXIT.ERROR, {
      cause: error,
    });
  }
}
