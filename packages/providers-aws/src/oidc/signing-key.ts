import { exportJWK, generateKeyPair, importJWK, calculateJwkThumbprint, type JWK } from 'jose';

export type SigningAlgorithm = 'ES256' | 'RS256';

/**
 * The issuer's signing key. The private half travels as a JWK so the caller decides where it
 * lives: the CLI serialises it with `JSON.stringify`, encrypts the bytes with core's keyring and
 * stores only the ciphertext; `importSigningKey` takes the decrypted JWK back.
 */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** The private key as a JWK (with `kid` and `alg`): secret, store it encrypted. */
  readonly privateJwk: JWK;
  /** The public key as a JWK (with `kid`, `alg`, `use: "sig"`): goes into the JWKS. */
  readonly publicJwk: JWK;
}

/** Creates a new signing key; its `kid` is the RFC 7638 thumbprint of the public key. */
export async function createSigningKey(alg: SigningAlgorithm = 'ES256'): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return importSigningKey(await exportJWK(privateKey), alg);
}

/** Rebuilds a signing key from its private JWK (as returned in `privateJwk`). */
export async function importSigningKey(
  privateJwk: JWK,
  alg?: SigningAlgorithm,
): Promise<SigningKey> {
  const algorithm = alg ?? algorithmOf(privateJwk);
  if (privateJwk.d === undefined) throw new Error('oidc: the signing key JWK has no private part');
  const publicOnly = publicPart(privateJwk);
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicOnly));
  // Fails early on a malformed key rather than at the first login.
  await importJWK(privateJwk, algorithm);
  return {
    kid,
    alg: algorithm,
    privateJwk: { ...privateJwk, kid, alg: algorithm },
    publicJwk: { ...publicOnly, kid, alg: algorithm, use: 'sig' },
  };
}

function algorithmOf(jwk: JWK): SigningAlgorithm {
  if (jwk.alg === 'ES256') return 'ES256';
  if (jwk.alg === 'RS256') return 'RS256';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'RSA') return 'RS256';
  throw new Error(`oidc: unsupported signing key (kty ${String(jwk.kty)}); use ES256 or RS256`);
}

function publicPart(jwk: JWK): JWK {
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { kty: 'RSA', n: jwk.n, e: jwk.e };
}
