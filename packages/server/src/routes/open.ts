// Open sessions: evaluate once, read by id until the session expires (esc-api.md §2.4).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  NotFoundError,
  formatEnvironmentKey,
  parseEscJson,
  parsePropertyPath,
  toEscDiagnostic,
  toEscEnvironment,
  stringifyEscJson,
  type EscEnvironment,
  type EscValue,
  type Value,
} from '@strata/core';
import { parseGoDuration } from '../go-duration.js';
import { HttpError } from '../http-errors.js';
import { sendEscJson } from '../send-esc-json.js';
import type { ServerContext } from '../server-context.js';
import { environmentOf, principalOf, serviceFor, versionRef, type EnvParams } from './_request.js';

const ENV = '/api/esc/environments/:org/:project/:env';

export function registerOpenRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { sessions } = ctx;
  // The Environment JSON of an opened value: the service hands back the same value for opens it
  // reuses (see OpenCache), so its JSON is written once.
  const payloads = new WeakMap<Value, string>();
  const payloadOf = (value: Value | undefined): string => {
    if (value === undefined) return stringifyEscJson(toEscEnvironment(value, { redact: false }));
    let payload = payloads.get(value);
    if (payload === undefined) {
      payload = stringifyEscJson(toEscEnvironment(value, { redact: false }));
      payloads.set(value, payload);
    }
    return payload;
  };

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
    const principal = principalOf(request);
    const opened = await serviceFor(ctx, request).open(
      version === undefined ? formatEnvironmentKey(env) : versionRef(env, version),
      { actor: principal.login },
    );
    const diagnostics = opened.diagnostics.map(toEscDiagnostic);
    if (opened.diagnostics.some((d) => d.severity === 'error'))
      return sendEscJson(reply, 400, {
        code: 400,
        message: `${opened.name} could not be opened`,
        diagnostics,
      });
    const payload = payloadOf(opened.value);
    const session = await sessions.create({
      env,
      revision: opened.resolved.revision,
      openedBy: principal.login,
      payload,
      durationMs,
    });
    return sendEscJson(reply, 200, {
      id: session.id,
      ...(diagnostics.length === 0 ? {} : { diagnostics }),
    });
  };

  app.post(`${ENV}/open`, open);
  app.post(`${ENV}/versions/:version/open`, open);

  app.get<{ Params: EnvParams & { id: string }; Querystring: { property?: string } }>(
    `${ENV}/open/:id`,
    async (request, reply) => {
      const env = environmentOf(request);
      const service = serviceFor(ctx, request);
      await service.require('read-session', env);
      const session = await sessions.read(env, request.params.id);
      // A session holds what its imports gave its opener: only they read it.
      if (session.openedBy !== service.principal.login)
        throw new NotFoundError(`open session ${request.params.id} not found or expired`);
      await service.record({ action: 'read-session', env, revision: session.revision });
      const { payload } = session;
      const property = request.query.property;
      if (property === undefined || property === '')
        return reply.type('application/json').send(payload);
      const value = propertyOf(parseEscJson(payload) as EscEnvironment, property);
      if (value === undefined) throw new HttpError(404, `property ${property} not found`);
      return sendEscJson(reply, 200, value);
    },
  );
}

/** The Value at a property path of an opened environment's Environment JSON. */
function propertyOf(environment: EscEnvironment, path: string): EscValue | undefined {
  const [first, ...rest] = parsePropertyPath(path);
  if (typeof first !== 'string') return undefined;
  let value: EscValue | undefined = environment.properties?.[first];
  for (const segment of rest) {
    const data: unknown = value?.value;
    if (typeof segment === 'number')
      value = Array.isArray(data) ? (data[segment] as EscValue | undefined) : undefined;
    else
      value =
        data !== null &&
        typeof data === 'object' &&
        !Array.isArray(data) &&
        Object.hasOwn(data, segment)
          ? (data as Record<string, EscValue>)[segment]
          : undefined;
  }
  return value;
}
