// Open sessions: evaluate once, read by id until the session expires (esc-api.md §2.4).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatEnvironmentKey, toEscDiagnostic } from '@strata/core';
import { parseGoDuration } from '../go-duration.js';
import { sendEscJson } from '../send-esc-json.js';
import type { ServerContext } from '../server-context.js';
import { environmentOf, principalOf, serviceFor, versionRef, type EnvParams } from './_request.js';

const ENV = '/api/esc/environments/:org/:project/:env';

export function registerOpenRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const open = async (
    request: FastifyRequest<{
      Params: EnvParams & { version?: string };
      Querystring: { duration?: string };
    }>,
    reply: FastifyReply,
  ) => {
    const env = environmentOf(request);
    const { duration } = request.query;
    const durationMs =
      duration === undefined || duration === '' ? undefined : parseGoDuration(duration);
    const version = request.params.version;
    const opened = await serviceFor(ctx, request).openSession(
      version === undefined ? formatEnvironmentKey(env) : versionRef(env, version),
      { actor: principalOf(request).login, durationMs },
    );
    const diagnostics = opened.diagnostics.map(toEscDiagnostic);
    if (opened.session === undefined)
      return sendEscJson(reply, 400, {
        code: 400,
        message: `${opened.name} could not be opened`,
        diagnostics,
      });
    return sendEscJson(reply, 200, {
      id: opened.session.id,
      ...(diagnostics.length === 0 ? {} : { diagnostics }),
    });
  };

  app.post(`${ENV}/open`, open);
  app.post(`${ENV}/versions/:version/open`, open);

  app.get<{ Params: EnvParams & { id: string }; Querystring: { property?: string } }>(
    `${ENV}/open/:id`,
    async (request, reply) => {
      const json = await serviceFor(ctx, request).readSession(
        environmentOf(request),
        request.params.id,
        { actor: principalOf(request).login, property: request.query.property },
      );
      return reply.type('application/json').send(json);
    },
  );
}
