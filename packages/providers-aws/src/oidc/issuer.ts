import type { SigningKey } from './signing-key.js';

/** Strata as an OIDC identity provider: its public URL and current signing key. */
export interface OidcIssuer {
  /** The issuer URL AWS fetches `/.well-known/openid-configuration` from (https, no trailing slash). */
  readonly url: string;
  readonly key: SigningKey;
}

/** Normalises an issuer URL: parsed, no trailing slash (the `iss` claim must match exactly). */
export function normalizeIssuerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`oidc: issuer URL ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(`oidc: issuer URL ${JSON.stringify(url)} must use https`);
  return parsed.href.replace(/\/+$/, '');
}
