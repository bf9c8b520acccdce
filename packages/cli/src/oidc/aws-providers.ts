// The aws-login registry the CLI opens with. Loaded by providers.ts on first use only, so this
// file (and through it STS and jose) stays out of commands that open no aws-login.

import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SecretKeyring } from '@strata/core';
import {
  createFileCredentialCache,
  fileTokenSource,
  importSigningKey,
  issuerTokenSource,
  type AwsProvidersOptions,
  type TokenSource,
} from '@strata/providers-aws';
import type { CliError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { decryptIssuerKey, readIssuerRecord } from './issuer-store.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface CliAwsOptions {
  /** The session's org: whose issuer signs tokens and whose data key encrypts the cache. */
  readonly org: string;
  readonly keyring: SecretKeyring;
}

/** The keyring name cached credentials are encrypted under (`:` keeps it apart from envs). */
export const CREDENTIAL_CACHE_KEY_NAME = { project: ':strata', name: 'aws-credentials' } as const;

/** `$XDG_CACHE_HOME/strata/aws-credentials`, else `~/.cache/strata/aws-credentials`. */
export function credentialCacheDir(env: Env): string {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'strata', 'aws-credentials');
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return join(home, '.cache', 'strata', 'aws-credentials');
}

/** `STRATA_NO_CREDENTIAL_CACHE=1` (or `true`): every open calls STS. */
export function credentialCacheDisabled(env: Env): boolean {
  const v = env['STRATA_NO_CREDENTIAL_CACHE'];
  return v === '1' || v === 'true';
}

/**
 * Where OIDC tokens come from: the file named by `AWS_WEB_IDENTITY_TOKEN_FILE` when set (a token
 * another issuer wrote, as in CI), else Strata's own issuer from `strata oidc init`, whose key is
 * decrypted only when a token is actually needed (a cached login needs none).
 */
export async function cliTokenSource(
  io: CliIo,
  options: CliAwsOptions,
): Promise<TokenSource | undefined> {
  const file = io.env['AWS_WEB_IDENTITY_TOKEN_FILE'];
  if (file !== undefined && file !== '') return fileTokenSource(file);
  const record = await readIssuerRecord(io.env, options.org);
  if (record === undefined) return undefined;
  let signer: TokenSource | undefined;
  return {
    issuer: record.issuer,
    async token(request) {
      if (signer === undefined) {
        const jwk = await decryptIssuerKey(options.keyring, options.org, record).catch(
          (error: unknown) => {
            // Reported as a diagnostic, which shows one message: fold the hint into it.
            const e = error as CliError;
            throw new Error(e.hint === undefined ? e.message : `${e.message}; ${e.hint}`);
          },
        );
        const key = await importSigningKey(jwk, record.alg);
        signer = issuerTokenSource({ url: record.issuer, key });
      }
      return signer.token(request);
    },
  };
}

/** What the AWS providers get from the CLI: its token source and credential cache. */
export async function cliAwsOptions(
  io: CliIo,
  options: CliAwsOptions,
): Promise<AwsProvidersOptions> {
  const env = io.env as NodeJS.ProcessEnv;
  // As open-store.ts does for S3: the SDK's Node-version notice is not the user's concern.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const reuse = !credentialCacheDisabled(io.env);
  const cacheKey = { org: options.org, ...CREDENTIAL_CACHE_KEY_NAME };
  return {
    tokenSource: await cliTokenSource(io, options),
    env,
    reuseCredentials: reuse,
    ...(reuse
      ? {
          cache: createFileCredentialCache({
            dir: credentialCacheDir(io.env),
            encrypter: options.keyring.encrypter(cacheKey),
            decrypter: options.keyring.decrypter(cacheKey),
          }),
        }
      : {}),
  };
}
