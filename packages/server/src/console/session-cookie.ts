// The console's session cookie: its name, reading it from a request, and the Set-Cookie header
// that stores or clears it. HttpOnly (page scripts never see the secret), SameSite=Strict (no
// other site's page sends it), Path=/, Secure and the `__Host-` prefix when served over TLS.

import type { FastifyRequest } from 'fastify';

const PLAIN = 'strata-session';
const HOST_ONLY = '__Host-strata-session';

/** The session secret a request carries, if any. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if ((name === PLAIN || name === HOST_ONLY) && value !== '') return value;
  }
  return undefined;
}

/** `Set-Cookie` storing `secret` for `maxAgeSeconds`; `secret` null clears the cookie. */
export function sessionCookieHeader(
  request: FastifyRequest,
  secret: string | null,
  maxAgeSeconds = 0,
): string {
  const tls = request.protocol === 'https';
  return [
    `${tls ? HOST_ONLY : PLAIN}=${secret ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${secret === null ? 0 : Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(tls ? ['Secure'] : []),
  ].join('; ');
}
