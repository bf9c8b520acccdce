// The console's session (`/api/console/session`): sign-in exchanges the access token in the
// Authorization header (typed by the user, sent once, never stored by the page) for a session
// cookie and a CSRF token; the probe tells a reloaded page who is signed in; sign-out ends the
// session on the server, for every process over the store, and clears the cookie. A page of
// another site cannot sign anyone in: the Authorization header makes its request need a CORS
// preflight, which this server never grants.

import type { FastifyInstance } from 'fastify';
import type { ConsoleSessions, Principal } from '@strata/core';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';
import { principalOf } from '../routes/_request.js';
import { sessionCookieHeader } from './session-cookie.js';

export function registerConsoleSessionRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  sessions: ConsoleSessions,
): void {
  const sessionJson = async (principal: Principal, expiresAt: string, csrf: string) => ({
    signedIn: true,
    login: principal.login,
    name: principal.name,
    token: principal.token.name,
    organizations: (await ctx.accounts.orgsOf(principal.login))
      .map(({ org, role }) => ({ name: org.name, role }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    expiresAt,
    csrf,
  });

  // Sign-in: the token authenticated this request (Authorization header); a session replaces it.
  app.post('/api/console/session', async (request, reply) => {
    if (request.consoleSession !== undefined || request.headers.authorization === undefined)
      throw new HttpError(400, 'sign in with an access token (Authorization: token <t>)');
    const principal = principalOf(request);
    const { secret, csrf, session } = await sessions.create(principal);
    // The browser forgets the cookie when the session ends at the latest (the server decides).
    const lifetime = (Date.parse(session.expiresAt) - Date.parse(session.createdAt)) / 1000;
    void reply.header('set-cookie', sessionCookieHeader(request, secret, lifetime));
    void reply.header('cache-control', 'no-store');
    return await sessionJson(principal, session.expiresAt, csrf);
  });

  // Who is signed in, for a page that was reloaded; `signedIn: false` without a session.
  app.get('/api/console/session', { config: { access: 'optional' } }, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const session = request.consoleSession;
    if (session === undefined) return { signedIn: false };
    return await sessionJson(
      principalOf(request),
      session.expiresAt,
      sessions.csrfOf(session.secret),
    );
  });

  // Sign-out (state-changing: the authentication hook checked the CSRF token).
  app.delete('/api/console/session', async (request, reply) => {
    const session = request.consoleSession;
    if (session === undefined) throw new HttpError(400, 'no console session to end');
    await sessions.revoke(session.secret);
    void reply.header('set-cookie', sessionCookieHeader(request, null));
    return reply.status(204).send();
  });
}
