// Organization and team tokens, with ESC's shapes (access-control.md §2.3): created by the
// organization's admins (a team's admins too, for its tokens), shown once, listed without their
// value, revoked by id. A team token acts with its team's grants; an organization token with its
// role (admin with `admin: true`, member otherwise).

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';
import { adminFor, jsonBody } from './_request.js';
import { tokenJson } from './tokens.js';

const createBody = z.object({
  name: z.string().max(40),
  description: z.string().max(1000).optional(),
  /** Unix seconds; 0 for never. */
  expires: z.number().int().nonnegative().optional(),
  admin: z.boolean().optional(),
  roleID: z.string().optional(),
});

function expiresAt(expires: number | undefined): { expiresAt?: Date } {
  return expires === undefined || expires === 0 ? {} : { expiresAt: new Date(expires * 1000) };
}

export function registerMachineTokenRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { org: string } }>('/api/orgs/:org/tokens', async (request) => ({
    tokens: (await adminFor(ctx, request).listOrgTokens(request.params.org)).map(tokenJson),
  }));

  app.post<{ Params: { org: string } }>('/api/orgs/:org/tokens', async (request) => {
    const body = jsonBody(request, createBody);
    if (body.roleID !== undefined)
      throw new HttpError(400, 'custom roles are not supported: use admin true or false');
    const { token, info } = await adminFor(ctx, request).createOrgToken(request.params.org, {
      name: body.name,
      ...(body.description === undefined ? {} : { description: body.description }),
      ...expiresAt(body.expires),
      ...(body.admin === undefined ? {} : { admin: body.admin }),
    });
    return { id: info.id, tokenValue: token };
  });

  app.delete<{ Params: { org: string; id: string } }>(
    '/api/orgs/:org/tokens/:id',
    async (request, reply) => {
      await adminFor(ctx, request).revokeOrgToken(request.params.org, request.params.id);
      return reply.status(204).send();
    },
  );

  type TeamParams = { org: string; team: string };
  app.get<{ Params: TeamParams }>('/api/orgs/:org/teams/:team/tokens', async (request) => ({
    tokens: (
      await adminFor(ctx, request).listTeamTokens(request.params.org, request.params.team)
    ).map(tokenJson),
  }));

  app.post<{ Params: TeamParams }>('/api/orgs/:org/teams/:team/tokens', async (request) => {
    const body = jsonBody(request, createBody);
    if (body.admin !== undefined || body.roleID !== undefined)
      throw new HttpError(400, 'a team token acts with its team: it takes no admin or role');
    const { token, info } = await adminFor(ctx, request).createTeamToken(
      request.params.org,
      request.params.team,
      {
        name: body.name,
        ...(body.description === undefined ? {} : { description: body.description }),
        ...expiresAt(body.expires),
      },
    );
    return { id: info.id, tokenValue: token };
  });

  app.delete<{ Params: TeamParams & { id: string } }>(
    '/api/orgs/:org/teams/:team/tokens/:id',
    async (request, reply) => {
      await adminFor(ctx, request).revokeTeamToken(
        request.params.org,
        request.params.team,
        request.params.id,
      );
      return reply.status(204).send();
    },
  );
}
