// Teams and their environment grants, with ESC's shapes (access-control.md §2.1), and the
// organization's default permission (§1.3). Who may change what is the core's AccessAdmin's to
// say; grants on a whole project (`envName: "*"`) are a Strata extension.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ENVIRONMENT_PERMISSIONS, type TeamChange, type TeamView } from '@strata/core';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';
import { adminFor, jsonBody } from './_request.js';

const permission = z.enum(ENVIRONMENT_PERMISSIONS);
const grant = z.object({
  projectName: z.string(),
  envName: z.string(),
  permission,
  maxOpenDuration: z.string().max(40).optional(),
});
const target = z.object({ projectName: z.string(), envName: z.string() });

const createBody = z.object({
  name: z.string(),
  displayName: z.string().max(100).optional(),
  description: z.string().max(1000).optional(),
  organization: z.string().optional(),
  teamType: z.string().optional(),
});

/** ESC's UpdateTeamRequest: one operation per call. */
const updateBody = z
  .object({
    newDisplayName: z.string().max(100).optional(),
    newDescription: z.string().max(1000).optional(),
    memberAction: z.enum(['add', 'remove', 'promote', 'demote']).optional(),
    member: z.string().optional(),
    addEnvironmentPermission: grant.optional(),
    editEnvironmentPermission: grant.optional(),
    removeEnvironment: target.optional(),
  })
  .strict();

const orgBody = z.object({ setDefaultEnvironmentPermission: permission.optional() }).strict();

type Params = { org: string; team: string };

function teamJson(team: TeamView) {
  return {
    kind: 'pulumi',
    name: team.name,
    displayName: team.displayName,
    description: team.description,
    members: Object.entries(team.members)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([login, role]) => ({ name: login, githubLogin: login, avatarUrl: '', role })),
    stacks: [],
    environments: team.environments.map((g) => ({
      projectName: g.project,
      envName: g.env,
      permission: g.permission,
      ...(g.maxOpenDuration === undefined ? {} : { maxOpenDuration: g.maxOpenDuration }),
    })),
    accounts: [],
    userRole: team.callerRole,
  };
}

/** The one change an UpdateTeamRequest asks for. */
function changeOf(body: z.infer<typeof updateBody>): TeamChange {
  const changes: TeamChange[] = [];
  if (body.newDisplayName !== undefined || body.newDescription !== undefined)
    changes.push({
      kind: 'rename',
      ...(body.newDisplayName === undefined ? {} : { displayName: body.newDisplayName }),
      ...(body.newDescription === undefined ? {} : { description: body.newDescription }),
    });
  if (body.memberAction !== undefined || body.member !== undefined) {
    if (body.memberAction === undefined || body.member === undefined)
      throw new HttpError(400, 'memberAction and member go together');
    changes.push({ kind: 'member', action: body.memberAction, login: body.member });
  }
  for (const [mode, g] of [
    ['add', body.addEnvironmentPermission],
    ['edit', body.editEnvironmentPermission],
  ] as const) {
    if (g === undefined) continue;
    if (g.permission === 'none')
      throw new HttpError(400, 'a permission of none grants nothing: use removeEnvironment');
    changes.push({
      kind: 'grant',
      mode,
      grant: {
        project: g.projectName,
        env: g.envName,
        permission: g.permission,
        ...(g.maxOpenDuration === undefined ? {} : { maxOpenDuration: g.maxOpenDuration }),
      },
    });
  }
  if (body.removeEnvironment !== undefined)
    changes.push({
      kind: 'revoke',
      project: body.removeEnvironment.projectName,
      env: body.removeEnvironment.envName,
    });
  const [change, ...more] = changes;
  if (change === undefined || more.length > 0)
    throw new HttpError(400, 'send exactly one change of the team per request');
  return change;
}

export function registerTeamRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const admin = (request: FastifyRequest) => adminFor(ctx, request);

  app.get<{ Params: { org: string } }>('/api/orgs/:org/teams', async (request) => ({
    teams: (await admin(request).listTeams(request.params.org)).map(teamJson),
  }));

  app.post<{ Params: { org: string } }>('/api/orgs/:org/teams/pulumi', async (request, reply) => {
    const body = jsonBody(request, createBody);
    const team = await admin(request).createTeam(request.params.org, {
      name: body.name,
      ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
      ...(body.description === undefined ? {} : { description: body.description }),
    });
    return reply.status(201).send(teamJson(team));
  });

  app.get<{ Params: Params }>('/api/orgs/:org/teams/:team', async (request) =>
    teamJson(await admin(request).getTeam(request.params.org, request.params.team)),
  );

  app.patch<{ Params: Params }>('/api/orgs/:org/teams/:team', async (request, reply) => {
    const change = changeOf(jsonBody(request, updateBody));
    await admin(request).updateTeam(request.params.org, request.params.team, change);
    return reply.status(204).send();
  });

  app.delete<{ Params: Params }>('/api/orgs/:org/teams/:team', async (request, reply) => {
    await admin(request).deleteTeam(request.params.org, request.params.team);
    return reply.status(204).send();
  });

  const metadata = async (request: FastifyRequest<{ Params: { org: string } }>) => {
    const settings = await admin(request).getSettings(request.params.org);
    return {
      name: settings.name,
      defaultEnvironmentPermission: settings.defaultEnvironmentPermission,
    };
  };
  app.get<{ Params: { org: string } }>('/api/orgs/:org/metadata', metadata);

  app.patch<{ Params: { org: string } }>('/api/orgs/:org', async (request) => {
    const body = jsonBody(request, orgBody);
    if (body.setDefaultEnvironmentPermission !== undefined)
      await admin(request).setDefaultPermission(
        request.params.org,
        body.setDefaultEnvironmentPermission,
      );
    return await metadata(request);
  });

  // Who holds what on an environment, and why (a Strata extension, for `strata env access ls`).
  app.get<{ Params: { org: string; project: string; env: string } }>(
    '/api/strata/v1/access/:org/:project/:env',
    async (request) => {
      const { org, project, env } = request.params;
      return { access: await admin(request).whoHasAccess({ org, project, name: env }) };
    },
  );
}
