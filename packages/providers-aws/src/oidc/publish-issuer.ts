import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { OidcIssuer } from './issuer.js';
import { buildJwks, buildOpenIdConfiguration } from './issuer-documents.js';

/** A published file: path relative to the issuer URL, and its bytes. */
export interface IssuerFile {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

/** The files to serve under the issuer URL, for any destination (directory, bucket, ...). */
export function issuerFiles(
  issuer: OidcIssuer,
  extraPublicKeys: readonly JWK[] = [],
): IssuerFile[] {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return [
    {
      path: '.well-known/openid-configuration',
      contentType: 'application/json',
      body: json(buildOpenIdConfiguration(issuer)),
    },
    {
      path: '.well-known/jwks.json',
      contentType: 'application/json',
      body: json(buildJwks(issuer, extraPublicKeys)),
    },
  ];
}

/** Writes the discovery document and the JWKS under `toDir`; returns the paths written. */
export async function publishIssuer(
  issuer: OidcIssuer,
  toDir: string,
  extraPublicKeys: readonly JWK[] = [],
): Promise<string[]> {
  const written: string[] = [];
  for (const file of issuerFiles(issuer, extraPublicKeys)) {
    const target = join(toDir, ...file.path.split('/'));
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, file.body);
    written.push(target);
  }
  return written;
}
