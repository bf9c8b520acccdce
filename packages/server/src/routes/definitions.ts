// Environments and their definitions: list, create, read (latest, a version, decrypted), update,
// delete, clone, and checking a definition (esc-api.md §2.2, §2.3).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  checkEnvironmentKey,
  formatEnvironmentKey,
  toEscDiagnostic,
  toEscEnvironment,
  type EnvironmentKey,
} from '@strata/core';
import { HttpError } from '../http-errors.js';
import { sendEscJson } from '../send-esc-json.js';
import type { ServerContext } from '../server-context.js';
import {
  environmentOf,
  jsonBody,
  principalOf,
  serviceFor,
  textBody,
  versionRef,
  type EnvParams,
} from './_request.js';

const ENV = '/api/esc/environments/:org/:project/:env';

const createBody = z.object({ project: z.string(), name: z.string() });
const cloneBody = z.object({
  project: z.string().optional(),
  name: z.string(),
  version: z.number().int().optional(),
  preserveHistory: z.boolean().optional(),
  preserveAccess: z.boolean().optional(),
  preserveEnvironmentTags: z.boolean().optional(),
  preserveRevisionTags: z.boolean().optional(),
});

/** The ETag of a revision: its number, quoted. The esc CLI sends it back in an `ETag` header. */
export function revisionEtag(revision: number): string {
  return `"${revision}"`;
}

function sendDefinition(reply: FastifyReply, revision: number, definition: string): FastifyReply {
  // An empty environment is an empty body: `{}` would read as JSON to the SDK (esc-api.md §4.3).
  return reply
    .header('ETag', revisionEtag(revision))
    .header('Pulumi-ESC-Revision', String(revision))
    .type('application/x-yaml')
    .send(definition);
}

/**
 * The status of a create or delete without a body: 204, as the service answers, except for
 * `@pulumi/esc-sdk` 0.10 to 0.12, whose wrappers refuse anything but 200 (esc-api.md §2.2).
 */
function noContentStatus(request: FastifyRequest): number {
  return /^esc-sdk\/ts\/v0\.1[0-2]\./.test(request.headers['user-agent'] ?? '') ? 200 : 204;
}

/** The revision an update was based on: from `ETag` (esc) or `If-Match`, else the latest. */
function basedOnHeader(request: FastifyRequest): number | undefined {
  const headers = request.headers as Record<string, string | string[] | undefined>;
  const header = headers['etag'] ?? headers['if-match'];
  const text: string | undefined = Array.isArray(header) ? header[0] : header;
  if (text === undefined || text === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(text.trim());
  if (match === null) throw new HttpError(400, `invalid ETag ${JSON.stringify(text)}`);
  return Number(match[1]);
}

export function registerDefinitionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** The environments of `orgs` the caller may read; a page token only for one organization. */
  const list = async (request: FastifyRequest, orgs: string[], after: string | undefined) => {
    const service = serviceFor(ctx, request);
    const environments: object[] = [];
    let next = '';
    for (const org of orgs) {
      const page = await service.listEnvironments({
        org,
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      });
      for (const env of page.items)
        environments.push({ organization: env.org, project: env.project, name: env.name });
      if (page.next !== undefined && orgs.length === 1) next = page.next;
    }
    return { environments, nextToken: next };
  };

  app.get<{ Querystring: { continuationToken?: string } }>(
    '/api/esc/environments',
    async (request) =>
      list(request, await serviceFor(ctx, request).access.readableOrgs(), undefined),
  );

  app.get<{ Params: { org: string }; Querystring: { continuationToken?: string } }>(
    '/api/esc/environments/:org',
    async (request) => {
      const token = request.query.continuationToken;
      return list(
        request,
        [request.params.org],
        token === undefined || token === '' ? undefined : token,
      );
    },
  );

  app.post<{ Params: { org: string } }>('/api/esc/environments/:org', async (request, reply) => {
    const body = jsonBody(request, createBody);
    const env = checkEnvironmentKey({
      org: request.params.org,
      project: body.project,
      name: body.name,
    });
    await serviceFor(ctx, request).createEnvironment(env, { actor: principalOf(request).login });
    return reply.status(noContentStatus(request)).send();
  });

  const readAt = async (
    request: FastifyRequest<{ Params: EnvParams & { version?: string } }>,
    reply: FastifyReply,
    showSecrets: boolean,
  ) => {
    const env = environmentOf(request);
    const version = request.params.version;
    const content = await serviceFor(ctx, request).readDefinition(
      version === undefined ? formatEnvironmentKey(env) : versionRef(env, version),
      { showSecrets },
    );
    return sendDefinition(reply, content.revision.number, content.definition);
  };

  // Fastify answers HEAD from this GET (esc's ETag probe).
  app.get<{ Params: EnvParams }>(ENV, (request, reply) => readAt(request, reply, false));
  app.get<{ Params: EnvParams }>(`${ENV}/decrypt`, (request, reply) =>
    readAt(request, reply, true),
  );
  app.get<{ Params: EnvParams & { version: string } }>(
    `${ENV}/versions/:version`,
    (request, reply) => readAt(request, reply, false),
  );
  app.get<{ Params: EnvParams & { version: string } }>(
    `${ENV}/versions/:version/decrypt`,
    (request, reply) => readAt(request, reply, true),
  );

  app.patch<{ Params: EnvParams }>(ENV, async (request, reply) => {
    const env = environmentOf(request);
    const service = serviceFor(ctx, request);
    const basedOn =
      basedOnHeader(request) ?? (await service.resolve(formatEnvironmentKey(env))).revision;
    const written = await service.updateDefinition(env, textBody(request), {
      actor: principalOf(request).login,
      basedOn,
    });
    const warnings = written.diagnostics.map(toEscDiagnostic);
    return reply
      .header('Pulumi-ESC-Revision', String(written.number))
      .send(warnings.length === 0 ? {} : { diagnostics: warnings });
  });

  app.delete<{ Params: EnvParams }>(ENV, async (request, reply) => {
    await serviceFor(ctx, request).deleteEnvironment(environmentOf(request), {
      actor: principalOf(request).login,
    });
    return reply.status(noContentStatus(request)).send();
  });

  app.post<{ Params: EnvParams }>(`${ENV}/clone`, async (request, reply) => {
    const source = environmentOf(request);
    const body = jsonBody(request, cloneBody);
    if (body.version !== undefined)
      throw new HttpError(400, 'cloning at a given revision is not supported; clone the latest');
    const target: EnvironmentKey = checkEnvironmentKey({
      org: source.org,
      project: body.project ?? source.project,
      name: body.name,
    });
    await serviceFor(ctx, request).clone(source, target, {
      actor: principalOf(request).login,
      preserveHistory: body.preserveHistory,
      preserveRevisionTags: body.preserveRevisionTags,
      preserveEnvironmentTags: body.preserveEnvironmentTags,
    });
    return reply.status(204).send();
  });

  app.post<{ Params: { org: string }; Querystring: { showSecrets?: string } }>(
    '/api/esc/environments/:org/yaml/check',
    async (request, reply) => {
      const checked = await serviceFor(ctx, request).check(
        { org: request.params.org, definition: textBody(request) },
        { actor: principalOf(request).login, showSecrets: request.query.showSecrets === 'true' },
      );
      const body = {
        ...toEscEnvironment(checked.value, {
          redact: request.query.showSecrets !== 'true',
          environment: checked.declaration,
        }),
        ...(checked.diagnostics.length === 0
          ? {}
          : { diagnostics: checked.diagnostics.map(toEscDiagnostic) }),
      };
      if (checked.diagnostics.some((d) => d.severity === 'error'))
        return sendEscJson(reply, 400, {
          code: 400,
          message: 'the definition has errors',
          ...body,
        });
      return sendEscJson(reply, 200, body);
    },
  );
}
