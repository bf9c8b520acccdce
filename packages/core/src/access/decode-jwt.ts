/**
 * The claims of a JWT, read without checking its signature: only to find out which issuer's keys
 * to check it with. Nothing read here is trusted before the verifier has checked the token.
 */
export function decodeJwtPayload(token: string): Readonly<Record<string, unknown>> {
  const parts = token.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? ''))
    throw new Error('not three base64url parts');
  const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new Error('the payload is not a JSON object');
  return payload as Record<string, unknown>;
}
