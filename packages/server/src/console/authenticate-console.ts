// How the authentication hook treats the web console's requests: its pages and assets need no
// credentials; a request with the session cookie (and no Authorization header, which wins) is
// authenticated by the session, and on every state-changing method also by the CSRF token the
// page was given at sign-in (header `x-strata-csrf`) and, when the browser sends one, an Origin
// of this server.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleSessions } from '@strata/core';
import { HttpError } from '../http-errors.js';
import { sessionCookie, sessionCookieHeader } from './session-cookie.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The part of the authentication hook for the console: true when it dealt with the request
 * (public, or authenticated by a session), false when the request goes to token authentication.
 */
export function createConsoleAuthenticator(
  sessions: ConsoleSessions,
): (request: FastifyRequest, reply: FastifyReply) => Promise<boolean> {
  return async (request, reply) => {
    const access = request.routeOptions.config.access;
    const api = /^\/+api(\/|$)/.test(request.url);
    // Console pages: a console URL under /api/ is no page, and gets the API's answer (401 first).
    if (access === 'public' && !api) return true;
    const secret = request.headers.authorization === undefined ? sessionCookie(request) : undefined;
    if (secret === undefined)
      return access === 'optional' && request.headers.authorization === undefined;
    let authenticated;
    try {
      authenticated = await sessions.authenticate(secret);
    } catch (error) {
      // An ended session: the browser drops its cookie, so the next page load asks to sign in.
      void reply.header('set-cookie', sessionCookieHeader(request, null));
      throw error;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const csrf = request.headers['x-strata-csrf'];
      if (typeof csrf !== 'string' || !sessions.checkCsrf(secret, csrf))
        throw new HttpError(
          403,
          'this request lacks the console CSRF token; reload the console and try again',
        );
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${request.host}`)
        throw new HttpError(403, 'a console session may not be used from another site');
    }
    request.principal = authenticated.principal;
    request.consoleSession = { secret, expiresAt: authenticated.session.expiresAt };
    return true;
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the caller is authenticated by a console session cookie. */
    consoleSession?: { readonly secret: string; readonly expiresAt: string };
  }
  interface FastifyContextConfig {
    /**
     * Who may call a route: `public` needs no credentials (the console's pages and assets),
     * `optional` authenticates only a caller that sent some; absent, every caller must.
     */
    access?: 'public' | 'optional';
  }
}
