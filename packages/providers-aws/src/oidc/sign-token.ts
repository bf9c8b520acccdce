import { importJWK, SignJWT } from 'jose';
import type { OidcIssuer } from './issuer.js';
import { normalizeIssuerUrl } from './issuer.js';

/** Tokens live five minutes: long enough for one STS call, short enough to be useless if leaked. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

export interface TokenClaims {
  readonly audience: string;
  readonly subject: string;
  /** Seconds from now until `exp`; default five minutes. */
  readonly lifetimeSeconds?: number;
  /** The clock, for tests. */
  readonly now?: Date;
}

/** Signs an identity token (iss, aud, sub, iat, nbf, exp, jti; `kid` in the header). */
export async function signIdentityToken(issuer: OidcIssuer, claims: TokenClaims): Promise<string> {
  const key = await importJWK(issuer.key.privateJwk, issuer.key.alg);
  const iat = Math.floor((claims.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: issuer.key.alg, kid: issuer.key.kid, typ: 'JWT' })
    .setIssuer(normalizeIssuerUrl(issuer.url))
    .setAudience(claims.audience)
    .setSubject(claims.subject)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (claims.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS))
    .setJti(crypto.randomUUID())
    .sign(key);
}
