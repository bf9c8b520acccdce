// Users of an organization (a Strata extension): its admins add users, who get a first token to
// log in with; its members list them.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../server-context.js';
import { jsonBody, principalOf, serviceFor } from './_request.js';

const addBody = z.object({
  login: z.string(),
  name: z.string().max(200).optional(),
  role: z.enum(['admin', 'member']).optional(),
});

export function registerUserAdminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { accounts } = ctx;

  app.get<{ Params: { org: string } }>('/api/strata/v1/orgs/:org/users', async (request) => {
    await serviceFor(ctx, request).requireOrg(
      request.params.org,
      'member',
      'list',
      'listing users',
    );
    const org = await accounts.getOrg(request.params.org);
    const users = await accounts.listUsers();
    return {
      users: users
        .filter((u) => org.members[u.login] !== undefined)
        .map((u) => ({ login: u.login, name: u.name, role: org.members[u.login] })),
    };
  });

  app.post<{ Params: { org: string } }>('/api/strata/v1/orgs/:org/users', async (request) => {
    const principal = principalOf(request);
    await serviceFor(ctx, request).requireOrg(
      request.params.org,
      'admin',
      'org-update',
      'adding users',
    );
    const body = jsonBody(request, addBody);
    await accounts.createUser(body.login, body.name ?? body.login);
    await accounts.setMember(request.params.org, body.login, body.role ?? 'member');
    const { token, info } = await accounts.createToken({
      login: body.login,
      name: 'first token',
      by: principal.login,
    });
    return { login: body.login, role: body.role ?? 'member', token: { id: info.id, value: token } };
  });
}
