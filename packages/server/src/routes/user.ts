// Who the caller is, as `esc login` validates it (esc-api.md §1.4, §2.1).

import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';
import { principalOf, serviceFor } from './_request.js';

export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/user', async (request) => {
    const principal = principalOf(request);
    const org = (name: string, role: string) => ({
      githubLogin: name,
      name,
      avatarUrl: '',
      role,
    });
    if (principal.org !== undefined) {
      // A team or organization token: a service account of its organization (ESC's shape).
      const role = await serviceFor(ctx, request).access.role(principal.org);
      return {
        githubLogin: principal.login,
        name: principal.org,
        email: '',
        avatarUrl: '',
        organizations: role === undefined ? [] : [org(principal.org, 'member')],
        tokenInfo: {
          name: principal.token.name,
          organization: principal.kind === 'organization' ? principal.org : null,
          team: principal.team ?? null,
        },
      };
    }
    const orgs = await ctx.accounts.orgsOf(principal.login);
    return {
      githubLogin: principal.login,
      name: principal.name,
      email: '',
      avatarUrl: '',
      organizations: orgs.map((m) => org(m.org.name, m.role)),
      tokenInfo: { name: principal.token.name },
    };
  });

  // The first organization the caller belongs to; 404 ("no opinion") when none.
  app.get('/api/user/organizations/default', async (request) => {
    const orgs = await serviceFor(ctx, request).access.readableOrgs();
    const first = orgs[0];
    if (first === undefined) throw new HttpError(404, 'no default organization');
    return { gitHubLogin: first };
  });
}
