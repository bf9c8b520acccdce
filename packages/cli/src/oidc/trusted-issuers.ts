// The OIDC issuers an organization on a Strata server trusts for token exchange, through the
// server's ESC-shaped API (/api/orgs/{org}/oidc/issuers and the issuers' auth policies).

import type { AccessClient } from '@strata/client';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

/** ESC's OidcIssuer, as the server answers it. */
export interface RemoteIssuer {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly maxExpiration: number;
  readonly jwks?: unknown;
  readonly created: string;
  readonly modified: string;
}

/** ESC's AuthPolicy of an issuer. */
export interface RemoteIssuerPolicy {
  readonly id: string;
  readonly version: number;
  readonly policies: readonly unknown[];
}

const issuersPath = (org: string) => `/api/orgs/${encodeURIComponent(org)}/oidc/issuers`;

export async function listIssuers(client: AccessClient, org: string): Promise<RemoteIssuer[]> {
  return ((await client.request('GET', issuersPath(org))) as { oidcIssuers: RemoteIssuer[] })
    .oidcIssuers;
}

export async function addIssuer(
  client: AccessClient,
  org: string,
  input: { name: string; url: string; maxExpiration?: number; jwks?: unknown },
): Promise<RemoteIssuer> {
  return (await client.request('POST', issuersPath(org), input)) as RemoteIssuer;
}

export async function removeIssuer(client: AccessClient, org: string, id: string): Promise<void> {
  await client.request('DELETE', `${issuersPath(org)}/${encodeURIComponent(id)}`);
}

export async function issuerPolicy(
  client: AccessClient,
  org: string,
  id: string,
): Promise<RemoteIssuerPolicy> {
  const path = `/api/orgs/${encodeURIComponent(org)}/auth/policies/oidcissuers/${encodeURIComponent(id)}`;
  return (await client.request('GET', path)) as RemoteIssuerPolicy;
}

export async function setIssuerPolicies(
  client: AccessClient,
  org: string,
  id: string,
  policies: readonly unknown[],
): Promise<RemoteIssuerPolicy> {
  const path = `/api/orgs/${encodeURIComponent(org)}/auth/policies/${encodeURIComponent(id)}`;
  return (await client.request('PATCH', path, { policies })) as RemoteIssuerPolicy;
}

/** The issuer a user names by its name or its id. */
export async function findIssuer(
  client: AccessClient,
  org: string,
  nameOrId: string,
): Promise<RemoteIssuer> {
  const issuers = await listIssuers(client, org);
  const found = issuers.find((i) => i.id === nameOrId) ?? issuers.find((i) => i.name === nameOrId);
  if (found === undefined)
    throw new CliError(
      `organization ${org} trusts no OIDC issuer named ${JSON.stringify(nameOrId)}`,
      'list them with `strata oidc issuer ls`',
      EXIT.NOT_FOUND,
    );
  return found;
}
