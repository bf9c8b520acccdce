// Strata's own API: every operation of the environments service, one route each
// (`POST /api/strata/v1/<operation>`, arguments as a JSON array), for `@strata/client` and so for
// the strata CLI logged in to a server. ESC's API covers what ESC's clients need; this covers the
// rest (tag history, labels with their authors, audit) with the service's own shapes, so a command
// prints the same thing local or remote.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  stringifyEscJson,
  toEscValue,
  type AuthorizedService,
  type EvaluatedEnvironment,
  type RemoteOperation,
} from '@strata/core';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';
import { principalOf, serviceFor } from './_request.js';

const key = z.object({ org: z.string(), project: z.string(), name: z.string() });
/** An environment: a key, or a ref without a version (`org/project/name`, fully qualified). */
const input = z.union([z.string(), key]);
const resolved = z.object({
  env: key,
  uid: z.string(),
  revision: z.number().int(),
  version: z.union([
    z.object({ kind: z.literal('latest') }),
    z.object({ kind: z.literal('revision'), number: z.number().int() }),
    z.object({ kind: z.literal('tag'), name: z.string() }),
  ]),
});
const page = z.object({ after: z.string().optional(), limit: z.number().int().optional() });
const actorless = <T extends z.ZodRawShape>(shape: T) => z.object(shape).partial();

interface Operation {
  readonly args: z.ZodType<unknown[]>;
  /** The call, on the service as the caller may use it (it authorizes each operation). */
  readonly call: (service: AuthorizedService, actor: string, args: never[]) => Promise<unknown>;
}

const op = <A extends unknown[]>(
  args: z.ZodType<A>,
  call: (service: AuthorizedService, actor: string, args: A) => Promise<unknown>,
): Operation => ({ args, call }) as unknown as Operation;

/**
 * Open and check results. The value travels as ESC's Value JSON in a string of its own, encoded so
 * that numbers keep their text (`1.50`); everything else is plain JSON.
 */
function evaluated(result: EvaluatedEnvironment & { resolved?: unknown }): unknown {
  return {
    name: result.name,
    definition: result.definition,
    value:
      result.value === undefined
        ? null
        : stringifyEscJson(toEscValue(result.value, { redact: false })),
    diagnostics: result.diagnostics,
    ...(result.resolved === undefined ? {} : { resolved: result.resolved }),
  };
}

const OPERATIONS: Record<RemoteOperation, Operation> = {
  createEnvironment: op(
    z.tuple([input, actorless({ definition: z.string() })]),
    (s, actor, [env, o]) => s.createEnvironment(env, { actor, ...o }),
  ),
  getEnvironment: op(z.tuple([input]), (s, _actor, [env]) => s.getEnvironment(env)),
  listEnvironments: op(
    z.tuple([page.extend({ org: z.string(), project: z.string().optional() })]),
    (s, _actor, [o]) => s.listEnvironments(o),
  ),
  resolve: op(z.tuple([z.string()]), (s, _actor, [ref]) => s.resolve(ref)),
  readDefinition: op(
    z.tuple([z.union([z.string(), resolved]), actorless({ showSecrets: z.boolean() })]),
    (s, _actor, [ref, o]) => s.readDefinition(ref, o),
  ),
  updateDefinition: op(
    z.tuple([input, z.string(), z.object({ basedOn: z.number().int() })]),
    (s, actor, [env, definition, o]) => s.updateDefinition(env, definition, { actor, ...o }),
  ),
  rollback: op(
    z.tuple([input, z.number().int(), z.object({ basedOn: z.number().int() })]),
    (s, actor, [env, revision, o]) => s.rollback(env, revision, { actor, ...o }),
  ),
  listRevisions: op(z.tuple([input, page]), (s, _actor, [env, o]) => s.listRevisions(env, o)),
  tagRevision: op(
    z.tuple([
      input,
      z.string(),
      z.number().int(),
      actorless({ expect: z.union([z.number().int(), z.null()]) }),
    ]),
    (s, actor, [env, tag, revision, o]) => s.tagRevision(env, tag, revision, { actor, ...o }),
  ),
  untagRevision: op(z.tuple([input, z.string()]), (s, actor, [env, tag]) =>
    s.untagRevision(env, tag, { actor }),
  ),
  getTag: op(z.tuple([input, z.string()]), (s, _actor, [env, tag]) => s.getTag(env, tag)),
  listTags: op(z.tuple([input, page]), (s, _actor, [env, o]) => s.listTags(env, o)),
  retractRevision: op(
    z.tuple([
      input,
      z.number().int(),
      actorless({ reason: z.string(), replacement: z.number().int() }),
    ]),
    (s, actor, [env, revision, o]) => s.retractRevision(env, revision, { actor, ...o }),
  ),
  setDeletionProtection: op(z.tuple([input, z.boolean()]), (s, actor, [env, on]) =>
    s.setDeletionProtection(env, on, { actor }),
  ),
  updateLabels: op(
    z.tuple([input, z.record(z.string(), z.union([z.string(), z.null()]))]),
    (s, actor, [env, changes]) => s.updateLabels(env, changes, { actor }),
  ),
  deleteEnvironment: op(z.tuple([input]), (s, actor, [env]) => s.deleteEnvironment(env, { actor })),
  open: op(z.tuple([z.union([z.string(), resolved])]), async (s, actor, [ref]) =>
    evaluated(await s.open(ref, { actor })),
  ),
  check: op(
    z.tuple([
      z.union([z.string(), resolved, z.object({ env: input, definition: z.string() })]),
      actorless({ showSecrets: z.boolean(), mode: z.enum(['check', 'eval']) }),
    ]),
    async (s, actor, [target, o]) => evaluated(await s.check(target, { actor, ...o })),
  ),
  clone: op(
    z.tuple([
      input,
      input,
      actorless({
        preserveHistory: z.boolean(),
        preserveRevisionTags: z.boolean(),
        preserveEnvironmentTags: z.boolean(),
      }),
    ]),
    (s, actor, [source, target, o]) => s.clone(source, target, { actor, ...o }),
  ),
  listAudit: op(
    z.tuple([
      page.extend({
        env: input.optional(),
        org: z.string().optional(),
        since: z.string().optional(),
        until: z.string().optional(),
        actor: z.string().optional(),
        actions: z.array(z.string()).max(50).optional(),
        events: z.array(z.string()).max(50).optional(),
      }),
    ]),
    (s, _actor, [o]) => s.listAudit(o),
  ),
  verifyAudit: op(z.tuple([z.object({ org: z.string().optional() })]), (s, _actor, [o]) =>
    s.verifyAudit(o),
  ),
};

export function registerStrataApiRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { operation: string } }>(
    '/api/strata/v1/:operation',
    async (request, reply) => {
      const name = request.params.operation;
      const operation = Object.hasOwn(OPERATIONS, name)
        ? OPERATIONS[name as RemoteOperation]
        : undefined;
      if (operation === undefined) throw new HttpError(404, `no such operation: ${name}`);
      let raw: unknown;
      try {
        raw = JSON.parse(
          typeof request.body === 'string' && request.body !== '' ? request.body : '[]',
        );
      } catch {
        throw new HttpError(400, 'the body is not valid JSON');
      }
      const parsed = operation.args.safeParse(raw);
      if (!parsed.success)
        throw new HttpError(
          400,
          `invalid arguments of ${name}: ${parsed.error.issues[0]?.message ?? ''}`,
        );
      const principal = principalOf(request);
      const args = parsed.data as never[];
      const result = await operation.call(serviceFor(ctx, request), principal.login, args);
      return reply.send({ result: result === undefined ? null : result });
    },
  );
}
