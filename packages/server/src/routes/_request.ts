// Reading what a route needs from a request: the caller, the environment of the path, a version,
// a JSON body checked with zod.

import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  AccessAdmin,
  AuthorizedService,
  checkEnvironmentKey,
  type EnvironmentKey,
  type Principal,
} from '@strata/core';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';

export type EnvParams = { org: string; project: string; env: string };

export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined)
    throw new HttpError(401, 'this request needs an access token');
  return request.principal;
}

const authorized = new WeakMap<FastifyRequest, AuthorizedService>();

/**
 * The service as the caller may use it (one per request): every call is authorized, audited with
 * the caller's token and address, and evaluates imports as the caller.
 */
export function serviceFor(ctx: ServerContext, request: FastifyRequest): AuthorizedService {
  let found = authorized.get(request);
  if (found === undefined) {
    found = new AuthorizedService(ctx.service, ctx.authorizer.for(principalOf(request)), {
      sourceIP: request.ip,
    });
    authorized.set(request, found);
  }
  return found;
}

/** The organization's access as the caller may administer it (teams, grants, settings). */
export function adminFor(ctx: ServerContext, request: FastifyRequest): AccessAdmin {
  return new AccessAdmin(serviceFor(ctx, request), ctx.teams, ctx.accounts);
}

/** The environment a path names, checked (who may do what with it is the service's to say). */
export function environmentOf(request: FastifyRequest<{ Params: EnvParams }>): EnvironmentKey {
  const { org, project, env } = request.params;
  return checkEnvironmentKey({ org, project, name: env });
}

/** `org/project/env@version`: digits are a revision number, anything else a tag. */
export function versionRef(env: EnvironmentKey, version: string): string {
  return `${env.org}/${env.project}/${env.name}@${version}`;
}

/** The body parsed as JSON and checked against `schema`; 400 with the first problem otherwise. */
export function jsonBody<T>(request: FastifyRequest, schema: z.ZodType<T>): T {
  const raw = request.body;
  let data: unknown;
  try {
    data = typeof raw === 'string' ? (raw.trim() === '' ? {} : JSON.parse(raw)) : (raw ?? {});
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw new HttpError(400, `invalid request body${where}: ${issue?.message ?? 'malformed'}`);
  }
  return parsed.data;
}

/** The body as text (YAML definitions arrive labelled application/json by esc, x-yaml by the SDK). */
export function textBody(request: FastifyRequest): string {
  return typeof request.body === 'string' ? request.body : '';
}

/** A non-negative integer query parameter, or `fallback`. */
export function intQuery(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || !Number.isSafeInteger(n))
    throw new HttpError(400, `invalid ${name} ${JSON.stringify(value)}: use a whole number`);
  return n;
}
