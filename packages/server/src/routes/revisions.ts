// Revisions and revision tags (esc-api.md §2.5, §2.6).

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type AuthorizedService,
  type EnvironmentInfo,
  type RevisionSummary,
  type TagInfo,
} from '@strata/core';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';
import {
  environmentOf,
  intQuery,
  jsonBody,
  principalOf,
  serviceFor,
  type EnvParams,
} from './_request.js';

const ENV = '/api/esc/environments/:org/:project/:env';
const retractBody = z.object({
  replacement: z.number().int().positive().optional(),
  reason: z.string().max(1000).optional(),
});
const createTagBody = z.object({ name: z.string(), revision: z.number().int().positive() });
const updateTagBody = z.object({ revision: z.number().int().positive() });

function revisionJson(r: RevisionSummary) {
  return {
    number: r.number,
    created: r.createdAt,
    creatorLogin: r.author,
    creatorName: r.author,
    tags: r.tags,
    ...(r.retraction === null
      ? {}
      : {
          retracted: {
            replacement: r.retraction.replacement ?? 0,
            at: r.retraction.at,
            byLogin: r.retraction.by,
            byName: r.retraction.by,
            reason: r.retraction.reason,
          },
        }),
  };
}

function tagJson(tag: TagInfo, fallbackTime: string) {
  const first = tag.history[0];
  const last = tag.history.at(-1);
  return {
    name: tag.name,
    revision: tag.revision,
    created: first?.at ?? fallbackTime,
    modified: last?.at ?? fallbackTime,
    editorLogin: last?.by ?? '',
    editorName: last?.by ?? '',
  };
}

export function registerRevisionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** The implicit `latest` tag of an environment already read (`info`). */
  const latestTag = async (
    service: AuthorizedService,
    info: EnvironmentInfo,
  ): Promise<TagInfo & { at: string }> => {
    const [revision] = (
      await service.listRevisions(info.env, { after: String(info.latest - 1), limit: 1 })
    ).items;
    return {
      name: 'latest',
      revision: info.latest,
      history: [],
      at: revision?.createdAt ?? info.createdAt,
    };
  };

  app.get<{ Params: EnvParams; Querystring: { before?: string; count?: string } }>(
    `${ENV}/versions`,
    async (request) => {
      const env = environmentOf(request);
      const before = intQuery(request.query.before, 'before', 0);
      const count = Math.min(intQuery(request.query.count, 'count', 100), 1000);
      const { latest } = await serviceFor(ctx, request).getEnvironment(env);
      // Newest first; `before=0` starts at the latest, otherwise strictly below `before`.
      const high = before === 0 ? latest : Math.min(before - 1, latest);
      const low = Math.max(1, high - count + 1);
      if (high < 1 || count === 0) return [];
      const page = await serviceFor(ctx, request).listRevisions(env, {
        after: String(low - 1),
        limit: high - low + 1,
      });
      return page.items.map(revisionJson).reverse();
    },
  );

  app.post<{ Params: EnvParams & { version: string } }>(
    `${ENV}/versions/:version/retract`,
    async (request, reply) => {
      const env = environmentOf(request);
      const body = jsonBody(request, retractBody);
      const version = request.params.version;
      if (version === 'latest')
        throw new HttpError(400, 'the latest revision cannot be retracted; write a new one first');
      const revision = /^\d+$/.test(version)
        ? Number(version)
        : (await serviceFor(ctx, request).getTag(env, version)).revision;
      await serviceFor(ctx, request).retractRevision(env, revision, {
        actor: principalOf(request).login,
        ...(body.reason === undefined ? {} : { reason: body.reason }),
        ...(body.replacement === undefined ? {} : { replacement: body.replacement }),
      });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: EnvParams; Querystring: { after?: string; count?: string } }>(
    `${ENV}/versions/tags`,
    async (request) => {
      const env = environmentOf(request);
      const after = request.query.after ?? '';
      const count = Math.min(intQuery(request.query.count, 'count', 500), 1000);
      const info = await serviceFor(ctx, request).getEnvironment(env);
      const latest = await latestTag(serviceFor(ctx, request), info);
      const tags: { name: string; json: object }[] = [
        { name: 'latest', json: tagJson(latest, latest.at) },
      ];
      for (const name of Object.keys(info.tags)) {
        tags.push({
          name,
          json: tagJson(await serviceFor(ctx, request).getTag(env, name), info.createdAt),
        });
      }
      const page = tags
        .filter((t) => t.name > after)
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .slice(0, count)
        .map((t) => t.json);
      return { tags: page, nextToken: '' };
    },
  );

  app.post<{ Params: EnvParams }>(`${ENV}/versions/tags`, async (request, reply) => {
    const env = environmentOf(request);
    const body = jsonBody(request, createTagBody);
    if (body.name === 'latest') throw new HttpError(400, 'the tag latest cannot be set');
    const existing = await serviceFor(ctx, request)
      .getTag(env, body.name)
      .catch(() => undefined);
    if (existing !== undefined) throw new HttpError(409, `tag ${body.name} already exists`);
    await serviceFor(ctx, request).tagRevision(env, body.name, body.revision, {
      actor: principalOf(request).login,
      expect: null,
    });
    return reply.status(204).send();
  });

  app.get<{ Params: EnvParams & { tag: string } }>(`${ENV}/versions/tags/:tag`, async (request) => {
    const env = environmentOf(request);
    const info = await serviceFor(ctx, request).getEnvironment(env);
    if (request.params.tag === 'latest') {
      const latest = await latestTag(serviceFor(ctx, request), info);
      return tagJson(latest, latest.at);
    }
    return tagJson(await serviceFor(ctx, request).getTag(env, request.params.tag), info.createdAt);
  });

  app.patch<{ Params: EnvParams & { tag: string } }>(
    `${ENV}/versions/tags/:tag`,
    async (request, reply) => {
      const env = environmentOf(request);
      const body = jsonBody(request, updateTagBody);
      if (request.params.tag === 'latest') throw new HttpError(400, 'the tag latest cannot be set');
      // A tag that does not exist is 404: esc then creates it with POST.
      await serviceFor(ctx, request).getTag(env, request.params.tag);
      await serviceFor(ctx, request).tagRevision(env, request.params.tag, body.revision, {
        actor: principalOf(request).login,
      });
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: EnvParams & { tag: string } }>(
    `${ENV}/versions/tags/:tag`,
    async (request, reply) => {
      const env = environmentOf(request);
      if (request.params.tag === 'latest')
        throw new HttpError(400, 'the tag latest always names the newest revision');
      await serviceFor(ctx, request).untagRevision(env, request.params.tag, {
        actor: principalOf(request).login,
      });
      return reply.status(204).send();
    },
  );
}
