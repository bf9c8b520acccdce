import type { JWK } from 'jose';
import type { OidcIssuer } from './issuer.js';
import { normalizeIssuerUrl } from './issuer.js';

export interface OpenIdConfiguration {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly response_types_supported: readonly string[];
  readonly subject_types_supported: readonly string[];
  readonly id_token_signing_alg_values_supported: readonly string[];
  readonly claims_supported: readonly string[];
}

/** The discovery document served at `<issuer>/.well-known/openid-configuration`. */
export function buildOpenIdConfiguration(issuer: OidcIssuer): OpenIdConfiguration {
  const url = normalizeIssuerUrl(issuer.url);
  return {
    issuer: url,
    jwks_uri: `${url}/.well-known/jwks.json`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [issuer.key.alg],
    claims_supported: ['iss', 'aud', 'sub', 'iat', 'exp', 'nbf', 'jti'],
  };
}

/** The JWKS: public keys only. Extra keys (e.g. the previous key during rotation) may be passed. */
export function buildJwks(
  issuer: OidcIssuer,
  extraPublicKeys: readonly JWK[] = [],
): { keys: JWK[] } {
  return { keys: [issuer.key.publicJwk, ...extraPublicKeys] };
}
