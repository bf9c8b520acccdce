// ID tokens checked with `jose`: the issuer's keys come from its static JWKS, or from the
// `jwks_uri` its discovery document names (fetched once an hour, keys refetched when a token names
// one not seen yet); signature, expiry and audience are checked, and each failure says which.

import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { IdTokenRejected, type IdTokenVerifier, type OidcIssuerRecord } from '@strata/core';

/** Asymmetric algorithms only: `none` and shared-secret HMACs never verify an ID token. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 5000;

export interface JoseVerifierOptions {
  /** Tolerated clock difference, in seconds (30 by default). */
  readonly clockToleranceSeconds?: number;
}

export function createJoseVerifier(options: JoseVerifierOptions = {}): IdTokenVerifier {
  const remote = new Map<string, { keys: JWTVerifyGetKey; until: number }>();

  const keysOf = async (issuer: OidcIssuerRecord): Promise<JWTVerifyGetKey> => {
    if (issuer.jwks !== undefined)
      return createLocalJWKSet(issuer.jwks as Parameters<typeof createLocalJWKSet>[0]);
    const cached = remote.get(issuer.url);
    if (cached !== undefined && cached.until > Date.now()) return cached.keys;
    const jwksUri = await discoverJwksUri(issuer.url);
    const keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: FETCH_TIMEOUT_MS });
    remote.set(issuer.url, { keys, until: Date.now() + DISCOVERY_TTL_MS });
    return keys;
  };

  return {
    async verify(token, issuer, audience) {
      const keys = await keysOf(issuer);
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: [issuer.url, `${issuer.url}/`],
          audience,
          algorithms: ALGORITHMS,
          clockTolerance: options.clockToleranceSeconds ?? 30,
        });
        return payload;
      } catch (error) {
        throw explain(error, issuer, audience);
      }
    },
  };
}

/** The `jwks_uri` of an issuer's discovery document. */
async function discoverJwksUri(url: string): Promise<string> {
  const where = `${url}/.well-known/openid-configuration`;
  let document: unknown;
  try {
    const response = await fetch(where, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = await response.json();
  } catch (error) {
    throw new IdTokenRejected(
      'keys',
      `cannot read the issuer's discovery document ${where} (${(error as Error).message})`,
      { cause: error },
    );
  }
  const jwksUri = (document as { jwks_uri?: unknown } | null)?.jwks_uri;
  if (typeof jwksUri !== 'string' || !sameOriginOrHttps(jwksUri, url))
    throw new IdTokenRejected('keys', `the discovery document ${where} names no usable jwks_uri`);
  return jwksUri;
}

/** Keys over https, or from the issuer's own origin (a loopback issuer in tests). */
function sameOriginOrHttps(jwksUri: string, issuerUrl: string): boolean {
  try {
    const uri = new URL(jwksUri);
    return uri.protocol === 'https:' || uri.origin === new URL(issuerUrl).origin;
  } catch {
    return false;
  }
}

function explain(error: unknown, issuer: OidcIssuerRecord, audience: string): IdTokenRejected {
  if (error instanceof IdTokenRejected) return error;
  const cause = { cause: error };
  if (error instanceof errors.JWTExpired)
    return new IdTokenRejected('expired', 'the ID token has expired', cause);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return new IdTokenRejected('audience', `the ID token is not for ${audience}`, cause);
    return new IdTokenRejected(
      'malformed',
      `the ID token's ${error.claim} claim: ${error.reason}`,
      cause,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new IdTokenRejected(
      'signature',
      'the ID token is not signed with an asymmetric algorithm (none and HMAC are refused)',
      cause,
    );
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWSSignatureVerificationFailed
  )
    return new IdTokenRejected(
      'signature',
      `the ID token's signature does not verify with the keys of ${issuer.url}`,
      cause,
    );
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError)
  )
    return new IdTokenRejected('keys', `cannot fetch the keys of ${issuer.url}`, cause);
  return new IdTokenRejected('malformed', 'the ID token is not a valid signed JWT', cause);
}
