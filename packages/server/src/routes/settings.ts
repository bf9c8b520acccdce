// Environment settings: deletion protection (esc-api.md §2.8).

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../server-context.js';
import { environmentOf, jsonBody, principalOf, serviceFor, type EnvParams } from './_request.js';

const ENV = '/api/esc/environments/:org/:project/:env';
const settingsBody = z.object({ deletionProtected: z.boolean().optional() });

export function registerSettingsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: EnvParams }>(`${ENV}/settings`, async (request) => {
    const env = environmentOf(request);
    const info = await serviceFor(ctx, request).getEnvironment(env);
    return { deletionProtected: info.deletionProtected };
  });

  app.patch<{ Params: EnvParams }>(`${ENV}/settings`, async (request, reply) => {
    const env = environmentOf(request);
    const service = serviceFor(ctx, request);
    // Refused alike whatever the body changes (an empty one too).
    await service.require('settings', env);
    const body = jsonBody(request, settingsBody);
    if (body.deletionProtected !== undefined)
      await service.setDeletionProtection(env, body.deletionProtected, {
        actor: principalOf(request).login,
      });
    return reply.status(204).send();
  });
}
