// Environment tags: key/value metadata on an environment, Strata's labels (esc-api.md §2.7).

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EnvironmentInfo } from '@strata/core';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';
import { environmentOf, jsonBody, principalOf, serviceFor, type EnvParams } from './_request.js';

const ENV = '/api/esc/environments/:org/:project/:env';
const tagBody = z.object({ name: z.string(), value: z.string() });
const updateBody = z.object({
  currentTag: z.object({ name: z.string().optional(), value: z.string().optional() }).optional(),
  newTag: z.object({ name: z.string().optional(), value: z.string().optional() }),
});

function tagJson(info: EnvironmentInfo, name: string) {
  const value = info.labels[name];
  if (value === undefined) throw new HttpError(404, `environment tag ${name} not found`);
  const update = info.labelUpdates[name];
  const at = update?.at ?? info.createdAt;
  return {
    id: name,
    name,
    value,
    created: at,
    modified: at,
    editorLogin: update?.by ?? '',
    editorName: update?.by ?? '',
  };
}

export function registerEnvironmentTagRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: EnvParams }>(`${ENV}/tags`, async (request) => {
    const env = environmentOf(request);
    const info = await serviceFor(ctx, request).getEnvironment(env);
    const tags: Record<string, object> = {};
    for (const name of Object.keys(info.labels).sort())
      Object.defineProperty(tags, name, { value: tagJson(info, name), enumerable: true });
    return { tags, nextToken: '' };
  });

  app.post<{ Params: EnvParams }>(`${ENV}/tags`, async (request) => {
    const env = environmentOf(request);
    const body = jsonBody(request, tagBody);
    const info = await serviceFor(ctx, request).getEnvironment(env);
    if (Object.hasOwn(info.labels, body.name))
      throw new HttpError(409, `environment tag ${body.name} already exists`);
    await serviceFor(ctx, request).updateLabels(
      env,
      { [body.name]: body.value },
      {
        actor: principalOf(request).login,
      },
    );
    return tagJson(await serviceFor(ctx, request).getEnvironment(env), body.name);
  });

  app.get<{ Params: EnvParams & { name: string } }>(`${ENV}/tags/:name`, async (request) => {
    const env = environmentOf(request);
    return tagJson(await serviceFor(ctx, request).getEnvironment(env), request.params.name);
  });

  app.patch<{ Params: EnvParams & { name: string } }>(`${ENV}/tags/:name`, async (request) => {
    const env = environmentOf(request);
    const body = jsonBody(request, updateBody);
    const info = await serviceFor(ctx, request).getEnvironment(env);
    const current = request.params.name;
    const value = info.labels[current];
    if (value === undefined) throw new HttpError(404, `environment tag ${current} not found`);
    // esc sends empty strings for the fields it leaves as they are.
    const name =
      body.newTag.name === undefined || body.newTag.name === '' ? current : body.newTag.name;
    const newValue =
      body.newTag.value === undefined || body.newTag.value === '' ? value : body.newTag.value;
    await serviceFor(ctx, request).updateLabels(
      env,
      name === current ? { [name]: newValue } : { [current]: null, [name]: newValue },
      { actor: principalOf(request).login },
    );
    return tagJson(await serviceFor(ctx, request).getEnvironment(env), name);
  });

  app.delete<{ Params: EnvParams & { name: string } }>(
    `${ENV}/tags/:name`,
    async (request, reply) => {
      const env = environmentOf(request);
      const info = await serviceFor(ctx, request).getEnvironment(env);
      if (!Object.hasOwn(info.labels, request.params.name))
        throw new HttpError(404, `environment tag ${request.params.name} not found`);
      await serviceFor(ctx, request).updateLabels(
        env,
        { [request.params.name]: null },
        {
          actor: principalOf(request).login,
        },
      );
      return reply.status(204).send();
    },
  );
}
