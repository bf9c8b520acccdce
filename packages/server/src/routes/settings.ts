// Environment settings: deletion protection (esc-api.md §2.8).

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../server-context.js';
import { environmentOf, jsonBody, principalOf, type EnvParams } from './_request.js';

const ENV = '/api/esc/environments/:org/:project/:env';
const settingsBody = z.object({ deletionProtected: z.boolean().optional() });

export function registerSettingsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: EnvParams }>(`${ENV}/settings`, async (request) => {
    const env = await environmentOf(ctx, request, 'read');
    const info = await ctx.service.getEnvironment(env);
    return { deletionProtected: info.deletionProtected };
  });

  app.patch<{ Params: EnvParams }>(`${ENV}/settings`, async (request, reply) => {
    const env = await environmentOf(ctx, request, 'admin');
    const body = jsonBody(request, settingsBody);
    if (body.deletionProtected !== undefined)
      await ctx.service.setDeletionProtection(env, body.deletionProtected, {
        actor: principalOf(request).login,
      });
    return reply.status(204).send();
  });
}
